using HmsTrace.Parquet;

namespace HmsTrace.Cli.Tests;

/// <summary>The <c>optimal</c> bound reads the trace ahead, in a single replay and in a sweep alike.</summary>
public sealed class OptimalPolicyCommandTests
{
    [Test]
    public void In_a_sweep_optimal_is_never_beaten_by_lru_and_equals_its_single_replay()
    {
        using var dir = new TempFolder();
        var trace = dir.File("zipf.hmst");
        Assert.That(CliRun.Invoke("trace", "gen", "zipf", "--records", "20000", "--footprint-pages", "2000", "--out", trace).ExitCode, Is.EqualTo(0));

        var sweep = CliRun.Invoke("sweep", "--trace", trace, "--topology", "two-tier", "--policy", "lru", "--policy", "optimal", "--capacity", "fast=1MiB,2MiB", "--out", dir.File("sweep"), "--parallel", "2");
        Assert.That(sweep.ExitCode, Is.EqualTo(0), sweep.Output + sweep.Error);
        var swept = Runs(dir.File("sweep"));
        Assert.That(swept, Has.Count.EqualTo(4));
        foreach (var capacity in new[] { "1MiB", "2MiB" })
        {
            Assert.That(swept[("optimal", capacity)].Hits, Is.GreaterThan(swept[("lru", capacity)].Hits), capacity);
        }

        var single = CliRun.Invoke("replay", "--trace", trace, "--topology", "two-tier", "--capacity", "fast=1MiB", "--policy", "optimal", "--out", dir.File("single"));
        Assert.That(single.ExitCode, Is.EqualTo(0), single.Error);
        var replayed = Runs(dir.File("single")).Values.Single();
        // The sweep records its capacity axis in parameters_json, so the run ids differ; the results may not.
        Assert.That(replayed, Is.EqualTo(swept[("optimal", "1MiB")]));
    }

    private static Dictionary<(string Policy, string Capacity), (long Hits, long ModeledNs, long Migrations)> Runs(string dataset)
    {
        var result = new Dictionary<(string, string), (long, long, long)>();
        foreach (var file in Directory.GetFiles(Path.Combine(dataset, "runs"), "*.parquet", SearchOption.AllDirectories))
        {
            using var reader = ParquetReader.Open(File.OpenRead(file));
            string Text(string column) => reader.ReadString(0, reader.Schema.IndexOf(column)).Values[0]!;
            var capacity = Text("parameters_json").Contains("2MiB", StringComparison.Ordinal) ? "2MiB" : "1MiB";
            long Number(string column) => reader.ReadInt64(0, reader.Schema.IndexOf(column)).Values[0];
            result[(Text("policy"), capacity)] = (Number("hits"), Number("modeled_ns"), Number("migrations_requested"));
        }

        return result;
    }
}
