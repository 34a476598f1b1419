using HmsTrace.Engine.Results;
using HmsTrace.Engine.Tests.Support;
using static HmsTrace.Engine.Tests.Support.Trace;

namespace HmsTrace.Engine.Tests.Access;

/// <summary>A full target makes first touches fall back along the initiator's preference list.</summary>
public sealed class CapacityFallbackTests
{
    [Test]
    public void A_full_target_sends_first_touches_to_the_next_target()
    {
        var replay = new Replay(Tiny.Machine(fastPages: 2));

        var totals = replay.Run(
            ReadPage(0, 0),   // fast
            ReadPage(1, 1),   // fast, now full
            ReadPage(2, 2),   // falls back to slow
            ReadPage(3, 0),   // hit on fast
            ReadPage(4, 2));  // miss on slow

        const long fastNs = 3 * Tiny.FastPageNs;
        const long slowNs = 2 * Tiny.SlowPageNs;
        Assert.That(totals.Accesses, Is.EqualTo(5));
        Assert.That(totals.FirstTouches, Is.EqualTo(3));
        Assert.That(totals.Hits, Is.EqualTo(1));
        Assert.That(totals.ModeledNs, Is.EqualTo(fastNs + slowNs));
        Assert.That(totals.OvercommittedPages, Is.Zero);
        Assert.That(replay.Output.Epochs, Is.EqualTo(new[]
        {
            new EpochRow(0, 0, 10_000_000, "cpu0", "fast", 3, 3 * 4096, 1, 4096, fastNs, 2 * 4096),
            new EpochRow(0, 0, 10_000_000, "cpu0", "slow", 2, 2 * 4096, 0, 0, slowNs, 1 * 4096),
        }));
    }

    [Test]
    public void A_multi_page_first_touch_that_does_not_fit_goes_whole_to_the_next_target()
    {
        var replay = new Replay(Tiny.Machine(fastPages: 2));

        // Pages 0..2 in one record: 3 pages do not fit in 2, so the extent is placed on slow.
        var totals = replay.Run(Read(0, 0, 3 * PageSize));

        const long expected = (3 * Tiny.SlowLatencyNs) + (3 * 4000);
        Assert.That(totals.ModeledNs, Is.EqualTo(expected));
        Assert.That(replay.Output.LastRanges().Single(), Is.EqualTo(new RangeRow(0, 1, 0, 3 * PageSize, "slow", 0, 3, 0, 0, 10_000_000, 0)));
    }

    [Test]
    public void When_no_target_has_room_the_best_one_is_overcommitted_and_counted()
    {
        var replay = new Replay(Tiny.Machine(fastPages: 1, slowPages: 1));

        var totals = replay.Run(
            ReadPage(0, 0),   // fast
            ReadPage(1, 1),   // slow
            ReadPage(2, 2));  // nothing has room: fast takes it beyond its capacity

        Assert.That(totals.OvercommittedPages, Is.EqualTo(1));
        Assert.That(totals.ModeledNs, Is.EqualTo((2 * Tiny.FastPageNs) + Tiny.SlowPageNs));
        var resident = replay.Output.Epochs.Select(r => (r.Target, r.ResidentBytes));
        Assert.That(resident, Is.EqualTo(new[] { ("fast", 2 * 4096L), ("slow", 4096L) }));
    }

    [Test]
    public void An_overcommitted_page_is_counted_once_when_the_policy_chooses_another_full_target()
    {
        // Everything is full; the policy asks for slow, which has no room: the default (fast) takes the page.
        var replay = new Replay(Tiny.Machine(fastPages: 1, slowPages: 1), new ScriptedPolicy { FirstTouchTarget = Tiny.Slow });

        var totals = replay.Run(
            Write(0, Page(0), 1),   // slow
            Write(1, Page(1), 1),   // slow is full: fast
            Write(2, Page(2), 1));  // nothing has room: fast, overcommitted

        Assert.That(totals.OvercommittedPages, Is.EqualTo(1));
        var resident = replay.Output.Epochs.Select(r => (r.Target, r.ResidentBytes));
        Assert.That(resident, Is.EqualTo(new[] { ("fast", 2 * 4096L), ("slow", 4096L) }));
    }
}
