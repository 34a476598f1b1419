using HmsTrace.Cli;

namespace HmsTrace.Report.Tests.Infrastructure;

/// <summary>
/// Result datasets shared by the tests, built once per test run under one temporary folder (deleted at the end):
/// a real sweep (three policies on the bundled CPU+GPU sample and on a small phase-shift trace on a two-tier
/// machine), a single real replay, and a synthetic 50-run sweep.
/// </summary>
internal static class Datasets
{
    private static readonly Lazy<string> SweepRoot = new(BuildSweep);
    private static readonly Lazy<string> SingleRoot = new(BuildSingle);
    private static readonly Lazy<string> FiftyRoot = new(BuildFifty);
    private static readonly Lazy<string> MixedRoot = new(BuildMixed);
    private static readonly Lazy<string> MixedOlderFirstRoot = new(BuildMixedOlderFirst);
    private static TempDirectory? _root;

    public static readonly string[] SweepPolicies = ["first-touch", "migrate-on-fault", "lru"];

    /// <summary>Six real replays: 3 policies × 2 traces (pingpong, phase).</summary>
    public static string Sweep => SweepRoot.Value;

    /// <summary>One real replay (migrate-on-fault on the bundled sample).</summary>
    public static string Single => SingleRoot.Value;

    /// <summary>Fifty synthetic runs of one trace.</summary>
    public static string Fifty => FiftyRoot.Value;

    /// <summary>
    /// Three real replays of the bundled sample in one folder, as two HmsTrace versions leave it: lru with every range
    /// and with at most 2 monitoring regions (runs schema 3), and migrate-on-fault whose runs file an older HmsTrace
    /// wrote (runs schema 2, no <c>max_regions</c>). Glob order reads a schema 3 file first.
    /// </summary>
    public static string Mixed => MixedRoot.Value;

    /// <summary>
    /// <see cref="Mixed"/> the other way round: first-touch's runs file is the older one (schema 2), and glob order
    /// reads it first, before the two lru runs (schema 3).
    /// </summary>
    public static string MixedOlderFirst => MixedOlderFirstRoot.Value;

    /// <summary>A mixed-schema folder by the name of its property, for parametrised tests.</summary>
    public static string MixedByName(string name) => name switch
    {
        nameof(Mixed) => Mixed,
        nameof(MixedOlderFirst) => MixedOlderFirst,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such dataset"),
    };

    /// <summary>Deletes every dataset built so far (called once after all tests).</summary>
    public static void DeleteAll() => _root?.Dispose();

    /// <summary>Runs the command line in-process; fails the test on a non-zero exit.</summary>
    public static string Cli(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = HmsTraceCli.RunAsync(args, output, error).GetAwaiter().GetResult();
        Assert.That(code, Is.Zero, () => $"hmstrace {string.Join(' ', args)} failed:\n{error}\n{output}");
        return output.ToString();
    }

    private static string Folder(string name)
    {
        _root ??= new TempDirectory("hmstrace-report-datasets-");
        var path = Path.Combine(_root.Path, name);
        Directory.CreateDirectory(path);
        return path;
    }

    private static string BuildSweep()
    {
        var root = Folder("sweep");
        var trace = Path.Combine(root, "phase.hmst");
        Cli("trace", "gen", "phase-shift", "--out", trace, "--accesses", "60000", "--footprint-pages", "4096", "--hot-pages", "256", "--shift-every", "15000", "--shift-pages", "512");
        var results = Path.Combine(root, "results");
        foreach (var policy in SweepPolicies)
        {
            Cli("replay", "--policy", policy, "--out", results);
            Cli("replay", "--policy", policy, "--trace", trace, "--topology", "two-tier", "--capacity", "fast=4MiB", "--epoch", "60us", "--out", results);
        }

        return results;
    }

    private static string BuildSingle()
    {
        var results = Path.Combine(Folder("single"), "results");
        Cli("replay", "--policy", "migrate-on-fault", "--out", results);
        return results;
    }

    private static string BuildMixed()
    {
        var results = Path.Combine(Folder("mixed"), "results");
        Cli("replay", "--policy", "lru", "--out", results);
        Cli("replay", "--policy", "lru", "--max-regions", "2", "--out", results);
        Cli("replay", "--policy", "migrate-on-fault", "--out", results);
        var older = Directory.GetFiles(Path.Combine(results, "runs", "policy=migrate-on-fault"), "*.parquet", SearchOption.AllDirectories);
        Assert.That(older, Has.Length.EqualTo(1));
        OlderRunsFile.Rewrite(results, Path.GetRelativePath(results, older[0]));
        return results;
    }

    private static string BuildMixedOlderFirst()
    {
        var results = Path.Combine(Folder("mixed-older-first"), "results");
        Cli("replay", "--policy", "first-touch", "--out", results);
        Cli("replay", "--policy", "lru", "--out", results);
        Cli("replay", "--policy", "lru", "--max-regions", "2", "--out", results);
        var older = Directory.GetFiles(Path.Combine(results, "runs", "policy=first-touch"), "*.parquet", SearchOption.AllDirectories);
        Assert.That(older, Has.Length.EqualTo(1));
        OlderRunsFile.Rewrite(results, Path.GetRelativePath(results, older[0]));
        return results;
    }

    private static string BuildFifty()
    {
        var results = Path.Combine(Folder("fifty"), "results");
        SyntheticDataset.Write(results, 50);
        return results;
    }
}
