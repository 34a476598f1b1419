using HmsTrace.Engine.Tests.Support;
using HmsTrace.Policy;
using HmsTrace.Traces;
using static HmsTrace.Engine.Tests.Support.Trace;

namespace HmsTrace.Engine.Tests.Epochs;

/// <summary><see cref="ReplayOptions.MaxRegions"/>: the epoch hook sees at most that many regions; placement and the ranges table stay exact.</summary>
public sealed class BoundedRegionTests
{
    // 40 pages, even ones on fast and odd ones on slow: 40 ranges. Pages 0-19 are touched 3 times
    // each in epoch 0, pages 20-39 once.
    private static TraceRecord[] Trace()
    {
        var records = new List<TraceRecord>();
        for (ulong page = 0; page < 40; page++)
        {
            for (var n = page < 20 ? 3 : 1; n > 0; n--)
            {
                records.Add(ReadPage(records.Count, page));
            }
        }

        records.Add(ReadPage(1500, 0));
        return [.. records];
    }

    [Test]
    public void The_epoch_hook_sees_at_most_the_bound_and_a_migration_of_a_mixed_region_moves_its_slow_pages()
    {
        var policy = new Alternating { MigrateFirstRegion = true };
        var replay = new Replay(Tiny.Machine(fastPages: 64), policy, new ReplayOptions { EpochNs = 1000, MaxRegions = 4 });

        var totals = replay.Run(Trace());

        // Frequencies 3 and 1: at threshold 0 the 20 hot ranges merge, and so do the 20 cold ones.
        // Half of each region is on each target: the tie goes to fast. A range's age counts from
        // its first touch (page p < 20 at 3p ns, page p >= 20 at 60 + p - 20 ns), so the mean ages
        // are 1000 - 28.5 and 1000 - 69.5, rounded down.
        Assert.That(policy.Seen[0], Is.EqualTo(new[]
        {
            new RangeView(1, 0, 20, new TargetId(Tiny.Fast), 0, 0, 60, 0, 59, 971, 0),
            new RangeView(1, 20, 40, new TargetId(Tiny.Fast), 0, 0, 20, 0, 79, 930, 0),
        }));

        // The first region held 10 slow pages; they moved, and pages 0-20 (20 is fast) became one
        // range. In epoch 1 only page 0 is touched: that range, and the other 19 as one region,
        // mostly slow (10 of 19 pages).
        Assert.That(replay.Output.Migrations.Single().PagesMoved, Is.EqualTo(10));
        Assert.That(policy.Seen[1].Select(r => (r.StartPage, r.EndPage, r.Target.Value)), Is.EqualTo(new[] { (0ul, 21ul, Tiny.Fast), (21ul, 40ul, Tiny.Slow) }));
        Assert.That(totals.Epochs, Is.EqualTo(2));

        // The ranges table is placement, not the view: 1 + 19 ranges after the migration.
        Assert.That(replay.Output.Ranges.GroupBy(r => r.Epoch).Select(g => g.Count()), Is.EqualTo(new[] { 20, 20 }));
    }

    [Test]
    public void Without_a_bound_the_hook_sees_every_range()
    {
        var policy = new Alternating();
        var replay = new Replay(Tiny.Machine(fastPages: 64), policy, new ReplayOptions { EpochNs = 1000 });

        replay.Run(Trace());

        Assert.That(policy.Seen[0], Has.Count.EqualTo(40));
        Assert.That(policy.Seen[0].Select(r => r.Target.Value), Is.EqualTo(Enumerable.Range(0, 40).Select(p => p % 2 == 0 ? Tiny.Fast : Tiny.Slow)));
    }

    [Test]
    public void A_negative_bound_is_refused()
        => Assert.That(() => new Replay(Tiny.Machine(), options: new ReplayOptions { MaxRegions = -1 }), Throws.TypeOf<ArgumentOutOfRangeException>());

    /// <summary>First-touches even pages on fast and odd ones on slow; records every epoch's view.</summary>
    private sealed class Alternating : PlacementPolicy
    {
        public bool MigrateFirstRegion { get; init; }

        public List<List<RangeView>> Seen { get; } = [];

        public override bool WantsNonLocalAccess => false;

        public override TargetId OnFirstTouch(FirstTouchContext context) => new(context.StartPage % 2 == 0 ? Tiny.Fast : Tiny.Slow);

        public override void OnEpoch(EpochContext context)
        {
            var views = new List<RangeView>();
            for (var i = 0; i < context.RangeCount; i++)
            {
                views.Add(context.Range(i));
            }

            Seen.Add(views);
            if (MigrateFirstRegion && context.Epoch == 0)
            {
                context.Migrate(views[0].ProcessId, views[0].StartPage, views[0].EndPage, new TargetId(Tiny.Fast));
            }
        }
    }
}
