using HmsTrace.Engine.Tests.Support;
using HmsTrace.Policy;
using static HmsTrace.Engine.Tests.Support.Trace;

namespace HmsTrace.Engine.Tests.Ranges;

/// <summary>hbind hints: recorded on the range when the policy honours them, and used by later first touches.</summary>
public sealed class HintTests
{
    [Test]
    public void An_honoured_hint_places_the_first_touch_on_the_hinted_target()
    {
        var replay = new Replay(Tiny.Machine(), new ScriptedPolicy { Hints = HintDecision.Honour });

        var totals = replay.Run(
            Hbind(0, Page(0), 2 * PageSize, 1UL << Tiny.Slow),
            ReadPage(1, 0),   // hinted: slow
            ReadPage(2, 5));  // not hinted: fast

        Assert.That(totals.ModeledNs, Is.EqualTo(Tiny.SlowPageNs + Tiny.FastPageNs));
        var ranges = replay.Output.LastRanges().Select(r => (r.StartAddress / PageSize, r.EndAddress / PageSize, r.Target));
        Assert.That(ranges, Is.EqualTo(new[] { (0UL, 1UL, "slow"), (1UL, 2UL, (string?)null), (5UL, 6UL, "fast") }));
    }

    [Test]
    public void An_ignored_hint_leaves_first_touch_placement_alone()
    {
        var replay = new Replay(Tiny.Machine(), new ScriptedPolicy { Hints = HintDecision.Ignore });

        var totals = replay.Run(
            Hbind(0, Page(0), 2 * PageSize, 1UL << Tiny.Slow),
            ReadPage(1, 0));

        Assert.That(totals.ModeledNs, Is.EqualTo(Tiny.FastPageNs));
        Assert.That(replay.Output.LastRanges().Select(r => r.Target), Is.EqualTo(new[] { "fast" }));
    }

    [Test]
    public void A_full_hinted_target_falls_back_along_the_preference_list()
    {
        var replay = new Replay(Tiny.Machine(fastPages: 1), new ScriptedPolicy());

        var totals = replay.Run(
            Hbind(0, Page(0), 2 * PageSize, 1UL << Tiny.Fast),
            ReadPage(1, 0),   // fast
            ReadPage(2, 1));  // hinted to fast, which is full: slow

        Assert.That(totals.ModeledNs, Is.EqualTo(Tiny.FastPageNs + Tiny.SlowPageNs));
    }

    [Test]
    public void The_built_in_first_touch_policy_honours_hints()
    {
        var replay = new Replay(Tiny.Machine());

        var totals = replay.Run(Hbind(0, Page(3), PageSize, 1UL << Tiny.Slow), ReadPage(1, 3));

        Assert.That(totals.ModeledNs, Is.EqualTo(Tiny.SlowPageNs));
    }
}
