using HmsTrace.Engine.Policies;
using HmsTrace.Engine.Tests.Support;
using HmsTrace.Traces;
using static HmsTrace.Engine.Tests.Support.Trace;

namespace HmsTrace.Engine.Tests.Ranges;

/// <summary>
/// The look-ahead (prefetching the lookup-cache slots, entries, statistics and index chunks of the
/// records ahead, and the next victims of the built-in LRU) is only a hint to the CPU: a replay
/// with it gives exactly the rows and totals of a replay without it.
/// </summary>
public sealed class LookAheadTests
{
    [Test]
    public void Prefetching_changes_no_row_and_no_total([Values("first-touch", "lru", "migrate-on-fault")] string policy, [Values(1, 2)] int seed)
    {
        var records = Workload(seed);

        var with = Run(records, policy, lookAhead: true);
        var without = Run(records, policy, lookAhead: false);

        SameResults.Check(with, without);
        Assert.That(with.Totals.MigrationsRequested, policy == "first-touch" ? Is.Zero : Is.GreaterThan(100), "the workload exercises migrations");
        Assert.That(with.Totals.PeakRanges, Is.GreaterThan(1000), "the workload fragments the map over many index chunks");
    }

    /// <summary>Two processes interleaved (the look-ahead only follows the current one), skewed over 6,000 pages, with mmap, pin and munmap.</summary>
    internal static TraceRecord[] Workload(int seed)
    {
        var random = new Random(seed);
        var records = new List<TraceRecord>
        {
            Mmap(0, Page(0), 6000 * PageSize, pid: 1),
            Pin(0, Page(100), 50 * PageSize, pid: 1),
        };
        for (var i = 0; i < 40_000; i++)
        {
            // Squaring a uniform variate skews popularity toward low pages, then a multiplicative hash scatters them.
            var rank = (ulong)(6000 * Math.Pow(random.NextDouble(), 3));
            var page = rank * 2654435761UL % 6000;
            var pid = i % 7 == 0 ? 2u : 1u;
            var time = 1000L * i;
            records.Add(random.Next(4) == 0 ? Write(time, Page(page) + 64, 64, pid: pid) : Read(time, Page(page) + 8, 64, pid: pid));
        }

        records.Add(Munmap(40_000_000, Page(0), 3000 * PageSize, pid: 1));
        return [.. records];
    }

    internal static (Results.RunTotals Totals, RecordingOutput Output) Run(TraceRecord[] records, string policy, bool lookAhead, bool pageTables = true)
    {
        var machine = Machines.TwoTier(2L << 20);
        var placement = BuiltInPolicies.Create(policy)!;
        var replay = new Replay(machine, placement, new ReplayOptions { EpochNs = 5_000_000 });
        replay.Engine.LookAheadEnabled = lookAhead;
        replay.Engine.PageTables = pageTables;
        for (var i = 0; i < records.Length; i += 1000)
        {
            replay.Process(records.AsSpan(i, Math.Min(1000, records.Length - i)).ToArray());
        }

        return (replay.Finish(), replay.Output);
    }
}

/// <summary>
/// Which structure answers the lookups the cache cannot (the page table, or the sorted search
/// index) changes no row and no total either.
/// </summary>
public sealed class LookupAuthorityTests
{
    [Test]
    public void Page_table_and_search_index_give_the_same_rows_and_totals([Values("first-touch", "lru", "migrate-on-fault")] string policy, [Values(1, 2)] int seed)
    {
        var records = LookAheadTests.Workload(seed);

        var table = LookAheadTests.Run(records, policy, lookAhead: true, pageTables: true);
        var index = LookAheadTests.Run(records, policy, lookAhead: true, pageTables: false);

        SameResults.Check(table, index);
        Assert.That(table.Totals.MigrationsRequested, policy == "first-touch" ? Is.Zero : Is.GreaterThan(100), "the workload exercises migrations");
    }
}
