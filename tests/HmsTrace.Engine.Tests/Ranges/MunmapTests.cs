using HmsTrace.Engine.Tests.Support;
using HmsTrace.Policy;
using static HmsTrace.Engine.Tests.Support.Trace;

namespace HmsTrace.Engine.Tests.Ranges;

/// <summary>munmap frees the memory of the range and tells the policy.</summary>
public sealed class MunmapTests
{
    [Test]
    public void Unmapping_frees_capacity_for_a_later_first_touch()
    {
        var policy = new ScriptedPolicy();
        var replay = new Replay(Tiny.Machine(fastPages: 2), policy);

        var totals = replay.Run(
            Mmap(0, Page(16), 3 * PageSize),
            ReadPage(1, 16),                    // fast
            ReadPage(2, 17),                    // fast, now full
            ReadPage(3, 18),                    // slow
            Munmap(4, Page(16), 2 * PageSize),  // frees both fast pages
            Mmap(5, Page(64), PageSize),
            ReadPage(6, 64));                   // fits on fast again

        Assert.That(totals.ModeledNs, Is.EqualTo((3 * Tiny.FastPageNs) + Tiny.SlowPageNs));
        Assert.That(totals.TraceErrors, Is.Zero);
        Assert.That(policy.Unmaps, Is.EqualTo(new[] { new UnmapContext(1, 16, 18, 16, 4) }));
        var resident = replay.Output.Epochs.Select(r => (r.Target, r.ResidentBytes));
        Assert.That(resident, Is.EqualTo(new[] { ("fast", 4096L), ("slow", 4096L) }));
        var ranges = replay.Output.LastRanges().Select(r => (r.StartAddress / PageSize, r.EndAddress / PageSize, r.Target));
        Assert.That(ranges, Is.EqualTo(new[] { (18UL, 19UL, "slow"), (64UL, 65UL, "fast") }));
    }

    [Test]
    public void Unmapping_part_of_a_range_keeps_the_rest_in_place()
    {
        var replay = new Replay(Tiny.Machine(fastPages: 4));

        replay.Run(Write(0, 0, 4 * PageSize), Munmap(1, Page(1), 2 * PageSize));

        var ranges = replay.Output.LastRanges().Select(r => (r.StartAddress / PageSize, r.EndAddress / PageSize, r.Target));
        Assert.That(ranges, Is.EqualTo(new[] { (0UL, 1UL, "fast"), (3UL, 4UL, "fast") }));
        Assert.That(replay.Output.Epochs.Single().ResidentBytes, Is.EqualTo(2 * 4096));
    }

    [Test]
    public void A_mapping_over_populated_memory_replaces_it_with_fresh_pages()
    {
        var replay = new Replay(Tiny.Machine(fastPages: 1));

        var totals = replay.Run(
            Mmap(0, 0, PageSize),
            ReadPage(1, 0),        // fast
            Mmap(2, 0, PageSize),  // MAP_FIXED over it: the old page is freed
            ReadPage(3, 0));       // a first touch again, and fast has room again

        Assert.That(totals.FirstTouches, Is.EqualTo(2));
        Assert.That(totals.ModeledNs, Is.EqualTo(2 * Tiny.FastPageNs));
        Assert.That(replay.Output.Epochs.Single().ResidentBytes, Is.EqualTo(4096));
    }
}
