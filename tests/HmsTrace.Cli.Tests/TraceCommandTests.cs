namespace HmsTrace.Cli.Tests;

public sealed class TraceCommandTests
{
    [Test]
    public void Generating_twice_with_the_same_seed_gives_the_same_bytes()
    {
        using var dir = new TempFolder();
        foreach (var workload in new[] { "pingpong", "zipf", "stream", "phase-shift", "multi-tenant" })
        {
            var a = dir.File($"{workload}-a.hmst");
            var b = dir.File($"{workload}-b.hmst");
            Assert.That(CliRun.Invoke("trace", "gen", workload, "--seed", "7", "--out", a).ExitCode, Is.EqualTo(0), workload);
            Assert.That(CliRun.Invoke("trace", "gen", workload, "--seed", "7", "--out", b).ExitCode, Is.EqualTo(0), workload);
            Assert.That(File.ReadAllBytes(b), Is.EqualTo(File.ReadAllBytes(a)), workload);
        }
    }

    [Test]
    public void Convert_binary_to_csv_and_back_is_lossless()
    {
        using var dir = new TempFolder();
        var original = dir.File("t.hmst");
        var csv = dir.File("t.csv.gz");
        var back = dir.File("back.hmst");
        Assert.That(CliRun.Invoke("trace", "gen", "multi-tenant", "--records", "5000", "--out", original).ExitCode, Is.EqualTo(0));
        Assert.That(CliRun.Invoke("trace", "convert", original, csv).ExitCode, Is.EqualTo(0));
        Assert.That(CliRun.Invoke("trace", "convert", csv, back).ExitCode, Is.EqualTo(0));
        Assert.That(File.ReadAllBytes(back), Is.EqualTo(File.ReadAllBytes(original)));
    }

    [Test]
    public void Convert_drops_malformed_lines_only_when_asked_and_says_how_many()
    {
        // The importers' messages recommended --skip-bad, which no command took (review, session 12).
        using var dir = new TempFolder();
        var damaged = dir.File("t.lackey");
        File.WriteAllText(damaged, " L 2000,8\njunk\n S 3000,4\n L 4000,8\n");

        var strict = CliRun.Invoke("trace", "convert", damaged, dir.File("strict.csv"), "--from", "lackey");
        var lenient = CliRun.Invoke("trace", "convert", damaged, dir.File("lenient.csv"), "--from", "lackey", "--skip-bad", "1");

        Assert.That(strict.ExitCode, Is.EqualTo(1));
        Assert.That(strict.Error, Does.Contain("t.lackey:2").And.Contain("trace convert --skip-bad N"));
        Assert.That(File.Exists(dir.File("strict.csv")), Is.False);
        Assert.That(lenient.ExitCode, Is.EqualTo(0), lenient.Error);
        Assert.That(lenient.Output, Does.Contain("wrote 3 records").And.Contain("dropped 1 malformed lines"));
        Assert.That(File.ReadAllLines(dir.File("lenient.csv")), Has.Length.EqualTo(4), "a header and three records");
    }

    [Test]
    public void Info_reports_records_footprint_and_operation_mix()
    {
        using var dir = new TempFolder();
        var trace = dir.File("s.hmst");
        Assert.That(CliRun.Invoke("trace", "gen", "zipf", "--records", "2000", "--footprint-pages", "100", "--out", trace).ExitCode, Is.EqualTo(0));
        var run = CliRun.Invoke("trace", "info", trace);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Output, Does.Contain("2,002"));
        Assert.That(run.Output, Does.Contain("operation mix"));
        Assert.That(run.Output, Does.Contain("footprint"));
    }

    [Test]
    public void Info_on_a_damon_recording_prints_what_damo_prints()
    {
        var data = SharedData("damo", "damon.data.json_compressed");
        var run = CliRun.Invoke("trace", "info", data);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Output, Is.EqualTo(File.ReadAllText(SharedData("damo", "report-raw.expected"))));
    }

    [Test]
    public void Topology_show_prints_the_cost_matrix_and_json()
    {
        var tables = CliRun.Invoke("topo", "show", "numa2-gpu2-nvlink");
        Assert.That(tables.ExitCode, Is.EqualTo(0), tables.Error);
        Assert.That(tables.Output, Does.Contain("access cost"));
        var json = CliRun.Invoke("topo", "show", "cpu-gpu-pcie", "--json");
        using var doc = System.Text.Json.JsonDocument.Parse(json.Output);
        var gpu = doc.RootElement.GetProperty("initiators")[1];
        Assert.That(gpu.GetProperty("name").GetString(), Is.EqualTo("gpu0"));
        // gpu0 → dram0: gpu0-pcie0 link 100 + bridge 400 + pcie0-cpu0 link 100 + cpu0-dram0 link 90.
        Assert.That(gpu.GetProperty("paths")[0].GetProperty("readLatencyNs").GetInt64(), Is.EqualTo(100 + 400 + 100 + 90));
    }

    private static string SharedData(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HmsTrace.sln")))
        {
            dir = dir.Parent;
        }

        Assert.That(dir, Is.Not.Null, "repository root not found");
        return Path.Combine([dir!.FullName, "..", "shared", "data", .. parts]);
    }
}
