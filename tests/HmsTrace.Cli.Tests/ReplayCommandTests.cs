using HmsTrace.Parquet;

namespace HmsTrace.Cli.Tests;

public sealed class ReplayCommandTests
{
    [Test]
    public void Replay_with_no_options_replays_the_bundled_sample_and_writes_every_table()
    {
        using var dir = new TempFolder();
        var run = CliRun.Invoke("replay", "--out", dir.Path);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Output, Does.Contain("hit rate (accesses)"));
        foreach (var table in new[] { "runs", "timings", "epochs", "migrations", "ranges" })
        {
            var files = Directory.GetFiles(Path.Combine(dir.Path, table), "*.parquet", SearchOption.AllDirectories);
            Assert.That(files, Has.Length.EqualTo(1), table);
            Assert.That(files[0], Does.Contain($"{Path.DirectorySeparatorChar}policy=first-touch{Path.DirectorySeparatorChar}trace=pingpong{Path.DirectorySeparatorChar}"));
        }

        Assert.That(Directory.Exists(Path.Combine(dir.Path, ".staging")), Is.False, "staging folder left behind");
    }

    [Test]
    public void Runs_table_totals_agree_with_the_epochs_table()
    {
        using var dir = new TempFolder();
        var run = CliRun.Invoke("replay", "--policy", "migrate-on-fault", "--out", dir.Path);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);

        using var runs = ParquetReader.Open(File.OpenRead(Single(dir, "runs")));
        var accesses = runs.ReadInt64(0, runs.Schema.IndexOf("accesses")).Values[0];
        var hits = runs.ReadInt64(0, runs.Schema.IndexOf("hits")).Values[0];
        var moved = runs.ReadInt64(0, runs.Schema.IndexOf("migrations_moved")).Values[0];

        using var epochs = ParquetReader.Open(File.OpenRead(Single(dir, "epochs")));
        long epochAccesses = 0, epochHits = 0;
        for (var g = 0; g < epochs.RowGroups.Count; g++)
        {
            foreach (var v in epochs.ReadInt64(g, epochs.Schema.IndexOf("accesses")).Values)
            {
                epochAccesses += v;
            }

            foreach (var v in epochs.ReadInt64(g, epochs.Schema.IndexOf("hits")).Values)
            {
                epochHits += v;
            }
        }

        using var migrations = ParquetReader.Open(File.OpenRead(Single(dir, "migrations")));
        Assert.Multiple(() =>
        {
            Assert.That(epochAccesses, Is.EqualTo(accesses));
            Assert.That(epochHits, Is.EqualTo(hits));
            Assert.That(migrations.RowCount, Is.EqualTo(moved));
            Assert.That(moved, Is.GreaterThan(0));
        });
    }

    [Test]
    public void The_same_replay_twice_gives_byte_identical_files_except_timings()
    {
        using var a = new TempFolder();
        using var b = new TempFolder();
        Assert.That(CliRun.Invoke("replay", "--policy", "lru", "--out", a.Path).ExitCode, Is.EqualTo(0));
        Assert.That(CliRun.Invoke("replay", "--policy", "lru", "--out", b.Path).ExitCode, Is.EqualTo(0));
        foreach (var table in new[] { "runs", "epochs", "migrations", "ranges" })
        {
            Assert.That(File.ReadAllBytes(Single(b, table)), Is.EqualTo(File.ReadAllBytes(Single(a, table))), table);
        }
    }

    [Test]
    public void Stats_prints_throughput_and_peak_memory()
    {
        using var dir = new TempFolder();
        var run = CliRun.Invoke("replay", "--out", dir.Path, "--stats");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Output, Does.Match("throughput: [0-9.]+ M records/s"));
        Assert.That(run.Output, Does.Contain("peak working set"));
    }

    private static string Single(TempFolder dir, string table)
        => Directory.GetFiles(Path.Combine(dir.Path, table), "*.parquet", SearchOption.AllDirectories).Single();
}
