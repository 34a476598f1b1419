using HmsTrace.Engine.Policies;
using HmsTrace.Engine.Results;
using HmsTrace.Engine.Tests.Support;
using HmsTrace.Policy;
using static HmsTrace.Engine.Tests.Support.Trace;

namespace HmsTrace.Engine.Tests.Access;

/// <summary>
/// A record over several ranges: each part's hit is decided from where its data was before the
/// record, so data one part's migration moves ahead of the next parts does not make them hits.
/// Found by review (session 12): the parts after the first were counted as hits.
/// </summary>
public sealed class HitBeforeAccessTests
{
    [Test]
    public void Pages_a_chunked_migration_of_the_same_record_moved_are_misses()
    {
        // Two slow ranges (different hint masks) [0, 2) and [2, 4); the read of [0, 4) misses on the
        // first, whose migrate-on-fault chunk (512 pages) moves both ranges to fast in one request.
        var replay = new Replay(Tiny.Machine(fastPages: 8), new MigrateOnFaultPolicy());

        var totals = replay.Run(
            Hbind(0, Page(0), 2 * PageSize, 0x2),
            Hbind(1, Page(2), 2 * PageSize, 0x6),
            Write(2, Page(0), 4 * PageSize),
            Read(3, Page(0), 4 * PageSize));

        var row = replay.Output.Migrations.Single();
        Assert.That((row.RecordIndex, row.Pages, row.PagesMoved, row.To), Is.EqualTo((3L, 512L, 4L, "fast")));
        Assert.That(totals.Accesses, Is.EqualTo(8));
        Assert.That(totals.Hits, Is.Zero, "all four pages were on slow when the read began");
        Assert.That(totals.HitBytes, Is.Zero);
        Assert.That(totals.ModeledNs, Is.EqualTo((4 * Tiny.SlowPageNs) + (4 * Tiny.FastPageNs) + row.CostNs), "the write from slow; the read from fast after the move");
    }

    [Test]
    public void Pages_of_one_range_a_hook_moved_ahead_of_their_segment_are_misses()
    {
        // Found by the second review (session 12): a record inside one range was not planned, so
        // when the fault moved only its first page and the next segment's OnAccess prefetched the
        // rest, those pages counted as hits.
        var replay = new Replay(Tiny.Machine(fastPages: 8), new FaultOnePagePrefetchAfter());

        var totals = replay.Run(Write(0, Page(0), 4 * PageSize), Read(1, Page(0), 4 * PageSize));

        Assert.That(totals.Accesses, Is.EqualTo(8));
        Assert.That(totals.Hits, Is.Zero, "all four pages were on slow when the read began");
    }

    [Test]
    public void A_record_whose_parts_were_on_fast_before_it_hits_in_every_part()
    {
        var replay = new Replay(Tiny.Machine(fastPages: 8), new MigrateOnFaultPolicy());

        var totals = replay.Run(
            Hbind(0, Page(0), 2 * PageSize, 0x1),
            Hbind(1, Page(2), 2 * PageSize, 0x3),
            Write(2, Page(0), 4 * PageSize),
            Read(3, Page(0), 4 * PageSize));

        Assert.That(replay.Output.Migrations, Is.Empty);
        Assert.That(totals.Hits, Is.EqualTo(4), "the read's four pages, over two ranges on fast");
    }

    /// <summary>First touches on slow; a fault moves only its first page; an access served from fast prefetches the three pages after it.</summary>
    private sealed class FaultOnePagePrefetchAfter : PlacementPolicy
    {
        public override bool WantsEveryAccess => true;

        public override TargetId OnFirstTouch(FirstTouchContext context) => new(Tiny.Slow);

        public override void OnNonLocalAccess(AccessContext context) => context.Migrate(context.StartPage, context.StartPage + 1, new TargetId(Tiny.Fast));

        public override void OnAccess(AccessContext context)
        {
            if (context.Target.Value == Tiny.Fast)
            {
                context.Migrate(context.EndPage, context.EndPage + 3, new TargetId(Tiny.Fast));
            }
        }
    }
}
