using HmsTrace.Engine.Policies;
using HmsTrace.Engine.Tests.Support;
using HmsTrace.Traces;
using static HmsTrace.Engine.Tests.Support.Trace;

namespace HmsTrace.Engine.Tests.Policies;

/// <summary>
/// The built-in LRU policy on a two-tier machine whose fast tier holds C pages misses exactly as
/// often as an LRU cache of C pages (misses = accesses − hits; first touches are misses).
/// </summary>
public sealed class LruPolicyTests
{
    private const int Footprint = 200;
    private const int Length = 3000;

    [Test]
    public void Lru_policy_misses_exactly_like_an_lru_cache(
        [Values(1, 2, 3, 8, 31, 64, 150)] int capacity,
        [Values(1, 2, 3)] int seed,
        [Values("zipf", "uniform", "loop")] string pattern)
    {
        var pages = PageTrace(pattern, seed);

        var engineMisses = EngineMisses(pages, capacity, out var totals);
        var cacheMisses = LruCache.Misses(pages, capacity);

        Assert.That(engineMisses, Is.EqualTo(cacheMisses), $"pattern {pattern}, seed {seed}, capacity {capacity}");
        Assert.That(totals.OvercommittedPages, Is.Zero);
    }

    [Test]
    public void Only_cold_misses_when_the_fast_tier_holds_the_footprint([Values(1, 2, 3)] int seed, [Values(Footprint, Footprint + 1, 4 * Footprint)] int capacity)
    {
        var pages = PageTrace("zipf", seed);

        var engineMisses = EngineMisses(pages, capacity, out var totals);

        var distinct = pages.Distinct().Count();
        Assert.That(engineMisses, Is.EqualTo(distinct));
        Assert.That(totals.FirstTouches, Is.EqualTo(distinct));
        Assert.That(totals.MigrationsRequested, Is.Zero);
    }

    [Test]
    public void A_hand_worked_sequence_misses_as_expected()
    {
        // Capacity 2: A B A C B A → miss miss hit miss(evicts B) miss(evicts A) miss(evicts C) = 5 misses.
        ulong[] pages = [10, 11, 10, 12, 11, 10];

        Assert.That(LruCache.Misses(pages, 2), Is.EqualTo(5));
        Assert.That(EngineMisses(pages, 2, out var totals), Is.EqualTo(5));

        // B, A and C were each demoted once to make room, and B and A were each brought back.
        Assert.That(totals.MigrationsMoved, Is.EqualTo(3 + 2));
    }

    [Test]
    public void On_a_cpu_gpu_machine_gpu_memory_misses_exactly_like_an_lru_cache_of_its_pages(
        [Values(8, 31, 64)] int capacity,
        [Values(1, 2)] int seed,
        [Values("zipf", "loop")] string pattern)
    {
        // GPU memory is the GPU's best target but not the first initiator's (the CPU's), and CPU
        // accesses to other pages interleave: GPU memory keeps its own recency order, demotes to
        // system memory, and the CPU's pages (all fitting in DRAM) miss only when first touched.
        var gpuPages = PageTrace(pattern, seed);
        var machine = CpuGpuTrace.Machine(capacity);
        var records = CpuGpuTrace.Build(gpuPages, seed, out var cpuPages);

        var totals = new Replay(machine, new LruPolicy(), null, "cpu0", "gpu0").Run(records);

        Assert.That(totals.Accesses - totals.Hits, Is.EqualTo(LruCache.Misses(gpuPages, capacity) + cpuPages), $"pattern {pattern}, seed {seed}, capacity {capacity}");
        Assert.That(totals.MigrationsFailed, Is.Zero, "every GPU miss finds room by demoting to DRAM");
        Assert.That(totals.OvercommittedPages, Is.Zero);
    }

    private static long EngineMisses(ulong[] pages, int capacity, out Results.RunTotals totals)
    {
        var machine = Machines.TwoTier(capacity * 4096L);
        var records = new TraceRecord[pages.Length];
        for (var i = 0; i < pages.Length; i++)
        {
            records[i] = Read(i * 10L, (pages[i] * PageSize) + 8, 64);
        }

        totals = new Replay(machine, new LruPolicy()).Run(records);
        Assert.That(totals.Accesses, Is.EqualTo(pages.Length));
        return totals.Accesses - totals.Hits;
    }

    /// <summary>The first rank whose cumulative weight reaches <paramref name="u"/>.</summary>
    private static int ZipfRank(double[] cumulative, double u)
    {
        var index = Array.BinarySearch(cumulative, u);
        return Math.Min(cumulative.Length - 1, index >= 0 ? index : ~index);
    }

    private static ulong[] PageTrace(string pattern, int seed)
    {
        var random = new Random(seed);
        var pages = new ulong[Length];
        var cumulative = new double[Footprint];
        var sum = 0.0;
        for (var k = 0; k < Footprint; k++)
        {
            sum += 1.0 / (k + 1); // Zipf, exponent 1
            cumulative[k] = sum;
        }

        for (var i = 0; i < Length; i++)
        {
            pages[i] = pattern switch
            {
                "zipf" => (ulong)ZipfRank(cumulative, random.NextDouble() * sum),
                "uniform" => (ulong)random.Next(Footprint),
                _ => (ulong)(i % 40), // a loop over 40 pages: LRU's worst case below 40 pages
            };

            // Spread pages so that neighbours in the trace are rarely neighbours in memory.
            pages[i] = (pages[i] * 7919) % 100_003;
        }

        return pages;
    }
}
