using System.Diagnostics;
using System.Globalization;
using HmsTrace.Engine.Policies;
using HmsTrace.Traces.Generators;

namespace HmsTrace.Engine.Bench;

/// <summary>
/// Stopwatch measurements of the scenarios, quicker than BenchmarkDotNet:
/// <c>quick zipf [accesses] [pages] [first-touch|lru|lru-floor|optimal] [fast-tier pages]</c> (by default a 10 % fast tier; the trace is generated into memory first, so only the engine is timed; each policy runs twice, cold and warm) and
/// <c>quick stream-tib</c> (peak memory of a range-coherent first-touch stream over 1 TiB).
/// </summary>
public static class QuickRun
{
    public static void Run(string[] args)
    {
        var what = args.Length > 0 ? args[0] : "zipf";
        if (what == "stream-tib")
        {
            StreamOverTebibyte();
            return;
        }

        var accesses = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 20_000_000;
        var pages = args.Length > 2 ? long.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000;
        var trace = Scenario.Zipf(accesses, pages);
        var genClock = Stopwatch.StartNew();
        var materialized = Scenario.Materialize(trace);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generator alone: {materialized.Records.Length / genClock.Elapsed.TotalSeconds / 1e6:0.00} M records/s"));
        // An optional fifth argument sizes the fast tier in pages (default 10 % of the footprint):
        // one that holds every page measures the hit path alone.
        var fastPages = args.Length > 4 ? long.Parse(args[4], CultureInfo.InvariantCulture) : pages / 10;
        var machine = Scenario.TwoTier(fastPages);
        var only = args.Length > 3 ? args[3] : null;
        if (only is null or "first-touch")
        {
            Twice("first-touch", () => Scenario.Run(materialized, machine, new FirstTouchPolicy()));
        }

        if (only is null or "lru")
        {
            Twice("lru", () => Scenario.Run(materialized, machine, new LruPolicy()));
        }

        if (only is null or "lru-floor")
        {
            LruFloor.Report("lru floor (no engine), first", LruFloor.Run(materialized.Records, (int)fastPages));
            LruFloor.Report("lru floor (no engine), second", LruFloor.Run(materialized.Records, (int)fastPages));
        }

        if (only is not (null or "optimal"))
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        var index = Scenario.NextUse(trace, machine);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"optimal pre-pass: {clock.Elapsed.TotalSeconds:0.00} s"));
        Twice("optimal", () => Scenario.Run(materialized, machine, new OptimalPolicy(index)));
    }

    /// <summary>
    /// Runs a replay twice: the first run in the process includes the JIT's warm-up (tier-0 code
    /// until the hot methods are recompiled), as a one-off command line run does; the second is the
    /// steady state.
    /// </summary>
    private static void Twice(string name, Func<(long Records, TimeSpan Elapsed, Results.RunTotals Totals)> run)
    {
        Report($"{name}, first run", run());
        Report($"{name}, second run", run());
    }

    private static void StreamOverTebibyte()
    {
        // copy kernel, 4 KiB elements: one read of a[i] and one write of c[i] per page, 512 GiB each = 1 TiB footprint.
        var trace = Workloads.Find("stream")!.Parse([new("array-size", "512GiB"), new("element-size", "4KiB"), new("kernels", "copy"), new("iterations", "1")]);
        var machine = Scenario.TwoTier(1L << 30);
        var result = Scenario.Run(trace, machine, new FirstTouchPolicy(), epochNs: 1_000_000_000);
        using var process = Process.GetCurrentProcess();
        Report("stream 1 TiB first-touch", result);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  peak working set {process.PeakWorkingSet64 / (1 << 20)} MiB, peak ranges {result.Totals.PeakRanges}, footprint {result.Totals.FirstTouches * 4096L >> 30} GiB"));
    }

    private static void Report(string name, (long Records, TimeSpan Elapsed, Results.RunTotals Totals) r)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-30} {r.Records / r.Elapsed.TotalSeconds / 1e6,7:0.00} M records/s  ({r.Records:N0} in {r.Elapsed.TotalSeconds:0.00} s; hit rate {r.Totals.HitRate:P2}, migrations {r.Totals.MigrationsRequested:N0})"));
}
