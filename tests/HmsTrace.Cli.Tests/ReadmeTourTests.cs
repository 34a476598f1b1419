namespace HmsTrace.Cli.Tests;

/// <summary>
/// The README's tour runs as written: every <c>./hmstrace</c> line of its "A short tour" block, in
/// order, from a folder laid out like the repository (with <c>policies/</c> and <c>../shared</c>).
/// </summary>
[NonParallelizable]
public sealed class ReadmeTourTests
{
    [Test]
    public void Every_line_of_the_readme_tour_succeeds_in_order()
    {
        var root = Repository.Root();
        var lines = TourLines(File.ReadAllText(Path.Combine(root, "README.md")));
        Assert.That(lines, Has.Count.GreaterThanOrEqualTo(10), "the tour block was not found");

        using var dir = new TempFolder();
        var repo = Directory.CreateDirectory(Path.Combine(dir.Path, "repo")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(repo, "policies"), Path.Combine(root, "policies"));
        Directory.CreateSymbolicLink(Path.Combine(dir.Path, "shared"), Path.GetFullPath(Path.Combine(root, "..", "shared")));
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = repo;
        try
        {
            foreach (var line in lines)
            {
                var run = CliRun.Invoke(Arguments(line));
                Assert.That(run.ExitCode, Is.EqualTo(0), $"`{line}` failed:\n{run.Error}\n{run.Output}");
            }
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }

        Assert.That(File.Exists(Path.Combine(repo, "report.html")), Is.True);
    }

    private static List<string> TourLines(string readme)
    {
        var start = readme.IndexOf("## A short tour", StringComparison.Ordinal);
        var block = readme.IndexOf("```sh", start, StringComparison.Ordinal);
        var end = readme.IndexOf("```", block + 5, StringComparison.Ordinal);
        var lines = new List<string>();
        foreach (var raw in readme[(block + 5)..end].Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("./hmstrace ", StringComparison.Ordinal))
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    private static string[] Arguments(string line)
    {
        var comment = line.IndexOf(" #", StringComparison.Ordinal);
        var command = comment >= 0 ? line[..comment] : line;
        return command.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
    }
}
