using System.Text;

namespace HmsTrace.Cli.Tests;

/// <summary>Every malformed input: exit code 1, one message naming the file and line or offset, no result files.</summary>
public sealed class BadInputTests
{
    private static readonly byte[] Header = "t_ns,pid,initiator,op,address,size,arg\n"u8.ToArray();

    [TestCase("0,1,cpu0,read,0x1000,x8,0\n", ":2: size 'x8' is not a non-negative integer")]
    [TestCase("0,1,cpu0,read,0x1000,-8,0\n", ":2: size '-8' is negative")]
    [TestCase("0,1,cpu0,read,0xffffffffffffffff,8,0\n", ":2: address 0xffffffffffffffff + size 8 overflows")]
    [TestCase("zero,1,cpu0,read,0x1000,8,0\n", ":2: t_ns 'zero' is not an integer")]
    [TestCase("0,1,cpu0,jump,0x1000,8,0\n", ":2: unknown op 'jump'")]
    [TestCase("0,1,cpu0,read,0x1000,8\n", ":2: has 6 fields")]
    [TestCase("0,1,npu7,read,0x1000,8,0\n", "initiator 'npu7' is not in topology")]
    public void Malformed_csv_traces_are_user_errors_with_the_line(string row, string expected)
    {
        using var dir = new TempFolder();
        var trace = dir.File("bad.csv");
        File.WriteAllBytes(trace, [.. Header, .. Encoding.ASCII.GetBytes(row)]);

        AssertUserError(dir, ["replay", "--trace", trace, "--out", dir.File("out")], expected);
    }

    [Test]
    public void A_truncated_binary_trace_names_the_byte_offset()
    {
        using var dir = new TempFolder();
        var good = dir.File("good.hmst");
        Assert.That(CliRun.Invoke("trace", "gen", "zipf", "--records", "1000", "--out", good).ExitCode, Is.EqualTo(0));
        var bytes = File.ReadAllBytes(good);
        var cut = dir.File("cut.hmst");
        File.WriteAllBytes(cut, bytes[..(bytes.Length - 13)]);

        AssertUserError(dir, ["replay", "--trace", cut, "--topology", "two-tier", "--out", dir.File("out")], "byte offset");
    }

    [Test]
    public void A_binary_trace_with_a_wrong_magic_is_rejected()
    {
        using var dir = new TempFolder();
        var trace = dir.File("bad.hmst");
        File.WriteAllBytes(trace, [.. "HMSTRACX"u8.ToArray(), .. new byte[64]]);
        AssertUserError(dir, ["replay", "--trace", trace, "--from", "hmst", "--out", dir.File("out")], "wrong magic");
    }

    [Test]
    public void A_table_that_cannot_be_moved_into_place_takes_the_run_s_other_tables_back([Values("runs", "timings", "epochs")] string blocked)
    {
        // Found by review (session 12): with a file where the runs table's folder goes, the tables
        // moved into place before it (epochs, migrations, ranges) stayed, a run with no runs row.
        using var dir = new TempFolder();
        var outDir = dir.File("out");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, blocked), "in the way");

        var run = CliRun.Invoke("replay", "--out", outDir);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Error);
        Assert.That(run.Error, Does.Contain("cannot be moved into place"));
        Assert.That(Directory.EnumerateFiles(outDir, "*", SearchOption.AllDirectories), Is.EqualTo(new[] { Path.Combine(outDir, blocked) }), "only the file that was in the way");
    }

    [Test]
    public void An_unknown_topology_name_lists_the_presets()
    {
        using var dir = new TempFolder();
        AssertUserError(dir, ["replay", "--topology", "nosuch", "--out", dir.File("out")], "nosuch: is neither a topology file nor a bundled preset. Give a .json file or one of the presets: cpu-gpu-pcie, dram-cxl, dram-hbm-pmem, numa2-gpu2-nvlink, two-tier");
    }

    [Test]
    public void Compare_of_a_file_says_it_is_a_file()
    {
        using var dir = new TempFolder();
        File.WriteAllText(dir.File("notes.txt"), "x");
        var run = CliRun.Invoke("compare", dir.File("notes.txt"));
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Error, Does.Contain("is a file, not a result dataset folder"));
    }

    [Test]
    public void A_rerun_whose_last_table_cannot_be_moved_into_place_leaves_the_earlier_run_as_it_was()
    {
        // Found by the second review (session 12): taking back the tables already moved also deleted
        // the files of the same run written before, which they had replaced, leaving a runs row
        // without its tables.
        using var dir = new TempFolder();
        var outDir = dir.File("out");
        Assert.That(CliRun.Invoke("replay", "--out", outDir).ExitCode, Is.EqualTo(0));
        var before = Directory.GetFiles(outDir, "*.parquet", SearchOption.AllDirectories).Where(f => !f.Contains("timings", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var timings = Directory.GetDirectories(Path.Combine(outDir, "timings"), "trace=*", SearchOption.AllDirectories).Single();
        Directory.Delete(timings, recursive: true);
        File.WriteAllText(timings, "in the way");

        var rerun = CliRun.Invoke("replay", "--out", outDir);

        Assert.That(rerun.ExitCode, Is.EqualTo(1), rerun.Error);
        Assert.That(rerun.Error, Does.Contain("cannot be moved into place"));
        Assert.That(Directory.GetFiles(outDir, "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal), Is.EqualTo(before), "the earlier run's tables are back");
        Assert.That(Directory.Exists(Path.Combine(outDir, ".staging")), Is.False, "nothing left aside");
    }

    [Test]
    public void A_missing_trace_is_a_user_error()
    {
        using var dir = new TempFolder();
        AssertUserError(dir, ["replay", "--trace", dir.File("nope.hmst"), "--out", dir.File("out")], "no such file");
    }

    [Test]
    public void A_directory_instead_of_a_trace_is_a_user_error()
    {
        using var dir = new TempFolder();
        AssertUserError(dir, ["replay", "--trace", dir.Path, "--out", dir.File("out")], "is a directory");
    }

    [Test]
    public void An_empty_trace_is_a_user_error()
    {
        using var dir = new TempFolder();
        var trace = dir.File("empty.csv");
        File.WriteAllBytes(trace, []);
        AssertUserError(dir, ["replay", "--trace", trace, "--out", dir.File("out")], "is empty");
    }

    [Test]
    public void A_topology_with_a_dangling_link_names_the_json_path()
    {
        using var dir = new TempFolder();
        var topology = dir.File("bad.json");
        File.WriteAllText(topology, """
            { "name": "bad", "targets": [ { "id": "v1-0-target", "name": "dram0", "kind": "dram", "capacity": "1GiB" } ],
              "initiators": [ { "id": "v1-0-initiator", "name": "cpu0", "kind": "cpu" } ],
              "links": [ { "id": "v1-0-link", "from": "cpu0", "to": "dram9", "latencyNs": 80, "bandwidth": "10GB/s" } ] }
            """);
        AssertUserError(dir, ["replay", "--topology", topology, "--out", dir.File("out")], "$.links[0].to: 'dram9' is not a target");
    }

    [Test]
    public void A_topology_with_zero_capacity_names_the_json_path()
    {
        using var dir = new TempFolder();
        var topology = dir.File("zero.json");
        File.WriteAllText(topology, """
            { "targets": [ { "id": "v1-0-target", "name": "dram0", "kind": "dram", "capacity": "0" } ],
              "initiators": [ { "id": "v1-0-initiator", "name": "cpu0", "kind": "cpu" } ],
              "links": [ { "id": "v1-0-link", "from": "cpu0", "to": "dram0", "latencyNs": 80, "bandwidth": "10GB/s" } ] }
            """);
        AssertUserError(dir, ["topo", "show", topology], "$.targets[0].capacity");
    }

    [Test]
    public void Invalid_json_names_the_line()
    {
        using var dir = new TempFolder();
        var topology = dir.File("broken.json");
        File.WriteAllText(topology, "{\n  \"name\": \"x\",\n  \"targets\": [ }\n");
        AssertUserError(dir, ["topo", "show", topology], "broken.json:3: column 16: is not valid JSON");
    }

    [Test]
    public void An_unknown_policy_is_a_user_error()
    {
        using var dir = new TempFolder();
        AssertUserError(dir, ["replay", "--policy", "clairvoyant", "--out", dir.File("out")], "unknown policy 'clairvoyant'");
    }

    [Test]
    public void An_unknown_capacity_target_is_a_user_error()
    {
        using var dir = new TempFolder();
        AssertUserError(dir, ["replay", "--topology", "two-tier", "--capacity", "turbo=1GiB", "--out", dir.File("out")], "no target named 'turbo'");
    }

    [TestCase("replay", "--epoch", "soon")]
    [TestCase("replay", "--no-such-option")]
    [TestCase("replay", "--param", "novalue")]
    [TestCase("trace", "gen", "zipf")]
    [TestCase("frobnicate")]
    [TestCase("replay", "--fuel-per-call", "0")]
    [TestCase("replay", "--fuel-per-run", "-5")]
    [TestCase("trace", "info", "any.hmst", "--page-size", "3")]
    [TestCase("replay", "--epoch", "99999999999999999999s")]
    [TestCase("replay", "--param", "capacity.fast=1TiB")]
    public void Malformed_command_lines_are_usage_errors(params string[] args)
    {
        // The last four ended in an ArgumentOutOfRangeException or an OverflowException and a stack trace (reviews, session 12).
        var run = CliRun.Invoke(args);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.Error);
        Assert.That(run.Error, Is.Not.Empty.And.Not.Contain("   at "));
    }

    [TestCase("--help")]
    [TestCase("replay", "--help")]
    [TestCase("trace", "--help")]
    [TestCase("trace", "gen", "--help")]
    [TestCase("trace", "gen", "pingpong", "--help")]
    [TestCase("trace", "gen", "zipf", "--help")]
    [TestCase("trace", "gen", "stream", "--help")]
    [TestCase("trace", "gen", "phase-shift", "--help")]
    [TestCase("trace", "gen", "multi-tenant", "--help")]
    [TestCase("trace", "info", "--help")]
    [TestCase("trace", "convert", "--help")]
    [TestCase("topo", "--help")]
    [TestCase("topo", "show", "--help")]
    public void Every_command_has_help(params string[] args)
    {
        var run = CliRun.Invoke(args);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Output, Does.Contain("Usage:"));
    }

    private static void AssertUserError(TempFolder dir, string[] args, string expected)
    {
        var run = CliRun.Invoke(args);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.Error + run.Output);
            Assert.That(run.Error, Does.Contain(expected));
            Assert.That(run.Error, Does.StartWith("error: "));
            Assert.That(run.Error, Does.Not.Contain("   at "), "stack trace printed");
        });
        var outDir = dir.File("out");
        var parquet = Directory.Exists(outDir) ? Directory.GetFiles(outDir, "*.parquet", SearchOption.AllDirectories) : [];
        Assert.That(parquet, Is.Empty, "a failed run left result files");
    }
}
