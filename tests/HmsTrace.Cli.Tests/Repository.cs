namespace HmsTrace.Cli.Tests;

/// <summary>The repository the tests run from.</summary>
internal static class Repository
{
    /// <summary>The folder holding <c>HmsTrace.sln</c>, found upwards from the test binaries.</summary>
    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HmsTrace.sln")))
        {
            dir = dir.Parent;
        }

        Assert.That(dir, Is.Not.Null, "repository root not found");
        return dir!.FullName;
    }
}
