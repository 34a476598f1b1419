using HmsTrace.Engine.Policies;
using HmsTrace.Engine.Tests.Support;
using HmsTrace.Policy;
using HmsTrace.Traces;
using static HmsTrace.Engine.Tests.Support.Trace;

namespace HmsTrace.Engine.Tests.Policies;

/// <summary>
/// A pinned page in the fast tier cannot be demoted: the cache policies must pass it over, keep it
/// cached, and evict the next candidate instead of failing the promotion. (A first touch would hide
/// the bug: the engine's fallback placement asks the pressure hook a second time; a migration does not.)
/// </summary>
public sealed class PinnedVictimTests
{
    // Fast tier of 2 pages: A, B fill it; C evicts A (LRU) to slow; B is pinned while it is the
    // least recently used page; touching A again must promote it by evicting C, not fail.
    private static readonly TraceRecord[] Sequence =
    [
        ReadPage(0, 10),                 // A: first touch → fast
        ReadPage(1, 11),                 // B: first touch → fast
        ReadPage(2, 12),                 // C: first touch; A (LRU) demoted → slow
        Pin(3, Page(11), PageSize),      // pin B, now the LRU page
        ReadPage(4, 10),                 // A: miss; B cannot leave, so C is demoted and A promoted
        ReadPage(5, 10),                 // A: hit
    ];

    [Test]
    public void Lru_passes_over_a_pinned_least_recently_used_page()
    {
        var totals = new Replay(TwoPageFastTier(), new LruPolicy()).Run(Sequence);

        // Misses: A, B, C (first touches) and A at record 4; the last access is a hit.
        Assert.That(totals.Accesses - totals.Hits, Is.EqualTo(4));
        Assert.That(totals.Hits, Is.EqualTo(1));
        // Demotions of A and C and the promotion of A moved; the one failed request is the attempt
        // to demote pinned B (outcome pinned), and no promotion failed for lack of room.
        Assert.That(totals.MigrationsMoved, Is.EqualTo(3));
        Assert.That(totals.MigrationsFailed, Is.EqualTo(1));
    }

    [Test]
    public void Optimal_passes_over_a_pinned_farthest_page_and_still_promotes()
    {
        // Next uses: A@0→4, B@1→5, C@2→8, A@4→6, B@5→7; A@6, B@7, C@8 never.
        TraceRecord[] records =
        [
            ReadPage(0, 10),             // A: first touch → fast
            ReadPage(1, 11),             // B: first touch → fast
            ReadPage(2, 12),             // C: MIN demotes B (next use 5 > A's 4)
            Pin(3, Page(12), PageSize),  // pin C (next use 8: the farthest from now on)
            ReadPage(4, 10),             // A: hit
            ReadPage(5, 11),             // B: miss; farthest is pinned C, so A (6) is demoted, B promoted
            ReadPage(6, 10),             // A: miss; pinned C passed over again, B (7) demoted, A promoted
            ReadPage(7, 11),             // B: miss; A (never) demoted, B promoted
            ReadPage(8, 12),             // C: hit (pinned on fast all along)
        ];
        var replay = new Replay(TwoPageFastTier(), new OptimalPolicy(NextUse.Index(TwoPageFastTier(), records)));

        var totals = replay.Run(records);

        Assert.That(totals.Accesses - totals.Hits, Is.EqualTo(6), "A, B, C cold; B, A, B at records 5–7");
        Assert.That(replay.Output.Migrations.Select(m => m.Outcome), Has.No.Member(Results.MigrationOutcome.NoCapacity));
    }

    private static Topology.MachineTopology TwoPageFastTier() => Machines.TwoTier(8192);
}
