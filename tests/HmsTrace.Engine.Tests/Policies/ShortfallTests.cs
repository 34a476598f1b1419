using HmsTrace.Engine.Policies;
using HmsTrace.Engine.Results;
using HmsTrace.Engine.Tests.Support;
using HmsTrace.Policy;
using HmsTrace.Traces;
using static HmsTrace.Engine.Tests.Support.Trace;

namespace HmsTrace.Engine.Tests.Policies;

/// <summary>
/// A request for several pages when some are already free: the pressure hook's NeededBytes is the
/// whole request, so <c>lru</c> and <c>optimal</c> demote only the shortfall, and answer Retry once
/// the request fits. Found by review (session 12): both demoted the whole request's worth, and
/// answered FallBack when they had freed less than that even though the request then fitted.
/// </summary>
public sealed class ShortfallTests
{
    // Pages 0 and 1 fill two of three fast pages; a record touching pages 2 and 3 needs one more.
    private static readonly TraceRecord[] Spanning = [ReadPage(0, 0), ReadPage(1, 1), Read(2, Page(2), 2 * PageSize), ReadPage(3, 1)];

    // Two fast pages: after the munmap one is free and page 0 holds the other; the record at 4
    // brings the two pages 1 and 2 back, which needs one demotion, and the last access hits.
    private static readonly TraceRecord[] AfterUnmap =
    [
        Read(0, Page(1), 2 * PageSize), ReadPage(1, 0), ReadPage(2, 3), Munmap(3, Page(3), PageSize), Read(4, Page(1), 2 * PageSize), ReadPage(5, 1),
    ];

    [Test]
    public void Lru_demotes_only_the_shortfall_of_a_multi_page_record()
    {
        var replay = new Replay(Tiny.Machine(fastPages: 3), new LruPolicy());

        var totals = replay.Run(Spanning);

        Assert.That(totals.Accesses - totals.Hits, Is.EqualTo(LruCache.Misses(DataEvents.Of(Spanning, PageSize), 3)));
        Assert.That(totals.Hits, Is.EqualTo(1), "0 1 2 3 1 in three pages: the last touch hits");
        Assert.That(Demotions(replay), Is.EqualTo(new[] { 0UL }));
    }

    [Test]
    public void Optimal_demotes_only_the_shortfall_of_a_multi_page_record()
    {
        var machine = Tiny.Machine(fastPages: 3);
        var replay = new Replay(machine, new OptimalPolicy(NextUse.Index(machine, Spanning)));

        var totals = replay.Run(Spanning);

        Assert.That(totals.Accesses - totals.Hits, Is.EqualTo(BeladyCache.Misses(DataEvents.Of(Spanning, PageSize), 3)));
        Assert.That(Demotions(replay), Is.EqualTo(new[] { 0UL }));
    }

    [Test]
    public void Lru_answers_retry_once_the_request_fits_with_the_pages_already_free()
    {
        var replay = new Replay(Tiny.Machine(fastPages: 2), new LruPolicy());

        var totals = replay.Run(AfterUnmap);

        Assert.That(totals.Accesses - totals.Hits, Is.EqualTo(LruCache.Misses(DataEvents.Of(AfterUnmap, PageSize), 2)));
        Assert.That(totals.MigrationsFailed, Is.Zero);
        var broughtBack = replay.Output.Migrations.Single(r => r.RecordIndex == 4 && r.Reason == MigrationReason.Fault);
        Assert.That((broughtBack.Outcome, broughtBack.PagesMoved), Is.EqualTo((MigrationOutcome.Moved, 2L)));
    }

    private static IEnumerable<ulong> Demotions(Replay replay)
        => replay.Output.Migrations.Where(r => r.Reason == MigrationReason.Pressure).Select(r => r.StartAddress / PageSize);
}
