using HmsTrace.Engine.Policies;
using HmsTrace.Engine.Tests.Support;
using HmsTrace.Traces;
using static HmsTrace.Engine.Tests.Support.Trace;

namespace HmsTrace.Engine.Tests.Policies;

/// <summary>
/// The bundled <c>optimal</c> policy on a two-tier machine whose fast tier holds C pages misses
/// exactly as often as Belady's MIN with C pages, and never more often than LRU; on a CPU + GPU
/// machine, GPU memory misses like Belady's MIN of the GPU's pages.
/// </summary>
public sealed class OptimalPolicyTests
{
    [Test]
    public void Optimal_policy_misses_exactly_like_beladys_min(
        [Values(1, 2, 3, 8, 31, 64)] int capacity,
        [Values(1, 2, 3)] int seed,
        [Values("zipf", "uniform", "loop")] string pattern)
    {
        var pages = PageTrace(pattern, seed);

        var engineMisses = EngineMisses(pages, capacity, new OptimalPolicy(Index(pages)));

        Assert.That(engineMisses, Is.EqualTo(BeladyCache.Misses(pages, capacity)), $"pattern {pattern}, seed {seed}, capacity {capacity}");
        Assert.That(engineMisses, Is.LessThanOrEqualTo(LruCache.Misses(pages, capacity)));
    }

    [Test]
    public void A_hand_worked_sequence_misses_as_expected()
    {
        // Capacity 2: A B C A B → miss miss miss(evict B: next use 4 > A's 3) hit miss = 4 misses; LRU misses 5.
        ulong[] pages = [10, 11, 12, 10, 11];

        Assert.That(BeladyCache.Misses(pages, 2), Is.EqualTo(4));
        Assert.That(EngineMisses(pages, 2, new OptimalPolicy(Index(pages))), Is.EqualTo(4));
        Assert.That(LruCache.Misses(pages, 2), Is.EqualTo(5));
    }

    [Test]
    public void The_next_use_index_points_at_the_next_touch_of_the_same_page()
    {
        var index = Index([10, 11, 10, 12, 11]);

        Assert.That(index.Touches, Is.EqualTo(5));
        Assert.That(Enumerable.Range(0, 5).Select(i => index.NextUse(i)), Is.EqualTo(new long[] { 2, 4, NextUseIndex.Never, NextUseIndex.Never, NextUseIndex.Never }));
    }

    [Test]
    public void On_a_cpu_gpu_machine_gpu_memory_misses_exactly_like_beladys_min_of_its_pages(
        [Values(8, 31, 64)] int capacity,
        [Values(1, 2)] int seed,
        [Values("zipf", "loop")] string pattern)
    {
        // GPU memory is the GPU's best target but not the first initiator's (the CPU's), and CPU
        // accesses to other pages interleave: GPU memory is a Belady cache of its own, demoting to
        // system memory, and the CPU's pages (all fitting in DRAM) miss only when first touched.
        var gpuPages = PageTrace(pattern, seed);
        var machine = CpuGpuTrace.Machine(capacity);
        var records = CpuGpuTrace.Build(gpuPages, seed, out var cpuPages);

        var totals = new Replay(machine, new OptimalPolicy(NextUse.Index(machine, records, "cpu0", "gpu0")), null, "cpu0", "gpu0").Run(records);

        Assert.That(totals.Accesses - totals.Hits, Is.EqualTo(BeladyCache.Misses(gpuPages, capacity) + cpuPages), $"pattern {pattern}, seed {seed}, capacity {capacity}");
        Assert.That(totals.MigrationsFailed, Is.Zero, "every GPU miss finds room by demoting to DRAM");
    }

    private static NextUseIndex Index(ulong[] pages) => NextUse.Index(Machines.TwoTier(4096), Records(pages));

    private static TraceRecord[] Records(ulong[] pages)
    {
        var records = new TraceRecord[pages.Length];
        for (var i = 0; i < pages.Length; i++)
        {
            records[i] = Read(i * 10L, (pages[i] * PageSize) + 8, 64);
        }

        return records;
    }

    private static long EngineMisses(ulong[] pages, int capacity, OptimalPolicy policy)
    {
        var machine = Machines.TwoTier(capacity * 4096L);
        var totals = new Replay(machine, policy).Run(Records(pages));
        Assert.That(totals.Accesses, Is.EqualTo(pages.Length));
        Assert.That(totals.OvercommittedPages, Is.Zero);
        return totals.Accesses - totals.Hits;
    }

    private static ulong[] PageTrace(string pattern, int seed)
    {
        const int footprint = 120;
        const int length = 1500;
        var random = new Random(seed);
        var pages = new ulong[length];
        for (var i = 0; i < length; i++)
        {
            var rank = pattern switch
            {
                "zipf" => (ulong)Math.Min(footprint - 1, (int)(footprint * Math.Pow(random.NextDouble(), 3))),
                "uniform" => (ulong)random.Next(footprint),
                _ => (ulong)(i % 40),
            };
            pages[i] = (rank * 7919) % 100_003;
        }

        return pages;
    }
}
