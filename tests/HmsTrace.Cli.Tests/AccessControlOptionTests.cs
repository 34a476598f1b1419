namespace HmsTrace.Cli.Tests;

/// <summary>
/// Quotas and allow-lists from the run options (issue 3: "from the topology or the run options"):
/// <c>--quota NAME=SIZE</c> and <c>--allow NAME=PID,…</c> apply to one run as the topology's
/// <c>quotaPerProcess</c> and <c>allowedProcesses</c> would, and give it its own run id.
/// </summary>
public sealed class AccessControlOptionTests
{
    // pid 1 touches pages A and B, pid 2 page C; then each is read again. first-touch never migrates,
    // so the second reads hit exactly the pages placed on fast.
    private const string Trace = """
        t_ns,pid,initiator,op,address,size,arg
        0,1,cpu0,read,0x10000,64,
        1,1,cpu0,read,0x11000,64,
        2,2,cpu0,read,0x20000,64,
        3,1,cpu0,read,0x10000,64,
        4,1,cpu0,read,0x11000,64,
        5,2,cpu0,read,0x20000,64,

        """;

    [TestCase(new string[0], 3L, "{\"capacity.fast\":\"1MiB\"}")]
    [TestCase(new[] { "--quota", "fast=4096" }, 2L, "{\"capacity.fast\":\"1MiB\",\"quota.fast\":\"4KiB\"}")]      // pid 1: A on fast, B beyond its quota on slow
    [TestCase(new[] { "--allow", "fast=2" }, 1L, "{\"allow.fast\":\"2\",\"capacity.fast\":\"1MiB\"}")]         // only pid 2 may use fast
    [TestCase(new[] { "--allow", "fast=2,1,2", "--quota", "fast=8KiB" }, 3L, "{\"allow.fast\":\"1,2\",\"capacity.fast\":\"1MiB\",\"quota.fast\":\"8KiB\"}")]
    public void Quotas_and_allow_lists_from_the_command_line_place_as_the_topology_would(string[] options, long hits, string parametersJson)
    {
        using var dir = new TempFolder();
        var trace = dir.File("t.csv");
        File.WriteAllText(trace, Trace);

        var run = CliRun.Invoke(["replay", "--trace", trace, "--topology", "two-tier", "--capacity", "fast=1MiB", "--policy", "first-touch", .. options, "--out", dir.File("out")]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(ResultDataset.RunsValue(dir.File("out"), "hits"), Is.EqualTo(hits));
        Assert.That(ResultDataset.RunsText(dir.File("out"), "parameters_json"), Is.EqualTo(parametersJson), "the run says which overrides it had");
    }

    [Test]
    public void Each_override_is_part_of_the_run_id()
    {
        using var dir = new TempFolder();
        var trace = dir.File("t.csv");
        File.WriteAllText(trace, Trace);
        var results = dir.File("out");

        foreach (var options in new[] { Array.Empty<string>(), ["--quota", "fast=4KiB"], ["--quota", "fast=8KiB"], ["--allow", "fast=2"], ["--allow", "fast=1,2"] })
        {
            var run = CliRun.Invoke(["replay", "--trace", trace, "--topology", "two-tier", "--policy", "first-touch", .. options, "--out", results]);
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        }

        Assert.That(Directory.GetFiles(Path.Combine(results, "runs"), "*.parquet", SearchOption.AllDirectories), Has.Length.EqualTo(5));
    }

    [TestCase("--quota", "nosuch=1MiB", 1, "has no target named 'nosuch'")]
    [TestCase("--quota", "fast=0", 1, "a quota must be positive")]
    [TestCase("--allow", "fast=one", 2, "'one' is not a process id")]
    public void A_bad_override_is_a_clear_error(string option, string value, int exitCode, string message)
    {
        using var dir = new TempFolder();

        var run = CliRun.Invoke("replay", option, value, "--out", dir.File("out"));

        Assert.That(run.ExitCode, Is.EqualTo(exitCode), run.Error);
        Assert.That(run.Error, Does.Contain(message));
        Assert.That(Directory.Exists(dir.File("out")), Is.False);
    }
}
