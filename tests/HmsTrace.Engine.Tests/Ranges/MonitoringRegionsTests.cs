using HmsTrace.Engine.Ranges;
using HmsTrace.Policy;

namespace HmsTrace.Engine.Tests.Ranges;

/// <summary>The DAMON-style bound on the regions the epoch hook sees: the merge rule, the merged statistics, the bound.</summary>
public sealed class MonitoringRegionsTests
{
    private static RangeView View(uint pid, ulong start, ulong end, int target, long accesses, long age, int pins = 0, ulong hint = 0, long decayed = 0, long last = -1, int dominant = -1)
        => new(pid, start, end, new TargetId(target), pins, hint, accesses, decayed, last, age, dominant);

    [Test]
    public void Ranges_merge_first_when_equally_frequent_then_within_a_threshold_that_grows_until_the_bound_holds()
    {
        // Frequencies (touches per page): 10, 9, 0, 0, 0. The pass at threshold 0 merges the three
        // cold ranges, leaving 3 > 2; the next threshold is a tenth of the highest frequency, 1,
        // and |10 - 9| <= 1 merges the two hot ones.
        RangeView[] views =
        [
            View(1, 0, 4, 0, 40, age: 100, hint: 0b01, decayed: 5, last: 900),
            View(1, 4, 8, 0, 36, age: 300, pins: 2, hint: 0b10, decayed: 7, last: 950),
            View(1, 8, 16, 1, 0, age: 50, last: 10),
            View(1, 16, 20, 1, 0, age: 20, pins: 1),
            View(1, 20, 22, -1, 0, age: 10),
        ];
        long[][] touches = [[30, 10], [0, 36], [0, 0], [0, 0], [0, 0]];

        var regions = Bound(views, touches, max: 2, targets: 2);

        Assert.That(regions, Is.EqualTo(new[]
        {
            // Pages 8 on target 0; age (100*4 + 300*4) / 8; touches per initiator (30, 46).
            new RangeView(1, 0, 8, new TargetId(0), 2, 0b11, 76, 12, 950, 200, 1),
            // 12 pages on target 1, 2 unpopulated; age (50*8 + 20*4 + 10*2) / 14 = 35.7.
            new RangeView(1, 8, 22, new TargetId(1), 1, 0, 0, 0, 10, 35, -1),
        }));
    }

    [Test]
    public void A_pass_that_reaches_the_bound_is_the_last()
    {
        // The same views with room for three: the pass at threshold 0 already leaves three, so the
        // two hot ranges (frequencies 10 and 9) stay apart.
        RangeView[] views = [View(1, 0, 4, 0, 40, 0), View(1, 4, 8, 0, 36, 0), View(1, 8, 16, 1, 0, 0), View(1, 16, 20, 1, 0, 0), View(1, 20, 22, -1, 0, 0)];

        var regions = Bound(views, [[40, 0], [36, 0], [0, 0], [0, 0], [0, 0]], max: 3, targets: 2);

        Assert.That(regions.Select(r => (r.StartPage, r.EndPage)), Is.EqualTo(new[] { (0ul, 4ul), (4ul, 8ul), (8ul, 22ul) }));
    }

    [Test]
    public void Ranges_apart_never_share_a_region_so_equally_hot_ones_across_a_gap_stay_as_hot_as_they_are()
    {
        // Two hot ranges (5 touches per page) 990 pages apart and a cold one after the second:
        // merging across the gap would show the pair at 0.1 touches per page.
        RangeView[] views = [View(1, 0, 10, 1, 50, 0), View(1, 1000, 1010, 1, 50, 0), View(1, 1010, 1020, 1, 0, 0)];

        var regions = Bound(views, [[50, 0], [50, 0], [0, 0]], max: 1, targets: 2);

        Assert.That(regions.Select(r => (r.StartPage, r.EndPage, r.EpochAccesses)), Is.EqualTo(new[] { (0ul, 10ul, 50L), (1000ul, 1020ul, 50L) }));
    }

    [Test]
    public void Views_within_the_bound_are_shown_as_they_are()
    {
        RangeView[] views = [View(1, 0, 4, 0, 8, 5, dominant: 0), View(1, 4, 8, 0, 8, 5, dominant: 0)];
        var copy = views.ToArray();

        Assert.That(Bound(views, [[], []], max: 2, targets: 1, initiators: 0), Is.EqualTo(copy));
    }

    [Test]
    public void Processes_never_share_a_region_so_more_processes_than_the_bound_leave_one_region_each()
    {
        RangeView[] views = [View(1, 0, 4, 0, 8, 5), View(1, 4, 6, 0, 1, 5), View(2, 6, 8, 0, 8, 5), View(3, 0, 1, 0, 0, 5)];

        var regions = Bound(views, [[], [], [], []], max: 1, targets: 1, initiators: 0);

        Assert.That(regions.Select(r => (r.ProcessId, r.StartPage, r.EndPage, r.EpochAccesses, r.DominantInitiator)), Is.EqualTo(new[]
        {
            (1u, 0ul, 6ul, 9L, 0), (2u, 6ul, 8ul, 8L, 0), (3u, 0ul, 1ul, 0L, -1),
        }));
    }

    [Test]
    public void A_region_mostly_unpopulated_shows_no_target_and_ties_go_to_the_lower_target()
    {
        RangeView[] views = [View(1, 0, 2, 1, 0, 0), View(1, 2, 5, -1, 0, 0), View(1, 5, 7, 1, 0, 0), View(1, 7, 9, 0, 0, 0), View(2, 0, 1, 0, 0, 0)];

        var regions = Bound(views, [[], [], [], [], []], max: 2, targets: 2, initiators: 0);

        // Nothing was touched, so each process is one region. pid 1: target 1 holds 4 pages,
        // unpopulated 3, target 0 2, so target 1.
        Assert.That(regions.Select(r => r.Target), Is.EqualTo(new[] { new TargetId(1), new TargetId(0) }));
        RangeView[] unpopulated = [View(1, 0, 2, 1, 0, 0), View(1, 2, 5, -1, 0, 0), View(2, 0, 1, 0, 0, 0)];
        Assert.That(Bound(unpopulated, [[], [], []], max: 2, targets: 2, initiators: 0)[0].Target, Is.EqualTo(TargetId.None));
        RangeView[] tie = [View(1, 0, 2, 1, 0, 0), View(1, 2, 4, 0, 0, 0), View(2, 0, 1, 0, 0, 0)];
        Assert.That(Bound(tie, [[], [], []], max: 2, targets: 2, initiators: 0)[0].Target, Is.EqualTo(new TargetId(0)));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    [TestCase(5)]
    public void Random_views_become_at_most_the_bound_of_regions_that_cover_them_in_order_with_nothing_lost(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 200; round++)
        {
            var views = new List<RangeView>();
            var touches = new List<long[]>();
            var processes = random.Next(1, 4);
            for (uint pid = 1; pid <= processes; pid++)
            {
                ulong page = (ulong)random.Next(0, 10);
                for (var n = random.Next(1, 40); n > 0; n--)
                {
                    var end = page + (ulong)random.Next(1, 20);
                    long[] perInitiator = [random.Next(0, 4) == 0 ? 0 : random.Next(0, 100), random.Next(0, 3) == 0 ? 0 : random.Next(0, 100)];
                    views.Add(View(pid, page, end, random.Next(-1, 3), perInitiator.Sum(), random.Next(0, 1000), random.Next(0, 2), (ulong)random.Next(0, 8), random.Next(0, 50), random.Next(-1, 5000), 0));
                    touches.Add(perInitiator);
                    page = end + (ulong)(random.Next(0, 3) == 0 ? random.Next(1, 10) : 0);
                }
            }

            var max = random.Next(1, views.Count + 2);
            var runs = views.Count - views.Zip(views.Skip(1)).Count(p => p.First.ProcessId == p.Second.ProcessId && p.First.EndPage == p.Second.StartPage);
            var regions = Bound(views.ToArray(), touches.ToArray(), max, targets: 3);

            Assert.That(regions, Has.Length.LessThanOrEqualTo(Math.Max(max, runs)));
            Assert.That(regions.Zip(regions.Skip(1)), Has.None.Matches<(RangeView A, RangeView B)>(p => p.A.ProcessId == p.B.ProcessId && p.A.EndPage > p.B.StartPage));
            if (views.Count <= max)
            {
                Assert.That(regions, Is.EqualTo(views));
                continue;
            }

            // Each range lies in exactly one region of its process, in order; regions begin and end at range boundaries.
            var r = 0;
            foreach (var v in views)
            {
                while (regions[r].ProcessId != v.ProcessId || regions[r].EndPage < v.EndPage)
                {
                    r++;
                }

                Assert.That(regions[r].StartPage, Is.LessThanOrEqualTo(v.StartPage));
            }

            Assert.That(r, Is.EqualTo(regions.Length - 1));
            Assert.That(regions.Sum(x => (long)x.Pages), Is.EqualTo(views.Sum(x => (long)x.Pages)), "a region spans no unmapped page");
            Assert.That(regions.Select(x => x.StartPage), Is.SubsetOf(views.Select(x => x.StartPage)));
            Assert.That(regions.Select(x => x.EndPage), Is.SubsetOf(views.Select(x => x.EndPage)));
            for (uint pid = 1; pid <= processes; pid++)
            {
                var mine = views.Where(x => x.ProcessId == pid).ToList();
                var theirs = regions.Where(x => x.ProcessId == pid).ToList();
                Assert.That(theirs.Sum(x => x.EpochAccesses), Is.EqualTo(mine.Sum(x => x.EpochAccesses)));
                Assert.That(theirs.Sum(x => x.DecayedAccesses), Is.EqualTo(mine.Sum(x => x.DecayedAccesses)));
                Assert.That(theirs.Max(x => x.LastAccessNs), Is.EqualTo(mine.Max(x => x.LastAccessNs)));
                Assert.That(theirs.Max(x => x.PinCount), Is.EqualTo(mine.Max(x => x.PinCount)));
                Assert.That(theirs.Aggregate(0ul, (m, x) => m | x.HintMask), Is.EqualTo(mine.Aggregate(0ul, (m, x) => m | x.HintMask)));
            }
        }
    }

    private static RangeView[] Bound(RangeView[] views, long[][] touches, int max, int targets, int initiators = 2)
    {
        var regions = new MonitoringRegions(max, targets, initiators);
        regions.Begin(views.Length);
        for (var i = 0; i < views.Length; i++)
        {
            regions.Add(views[i], touches[i]);
        }

        var n = regions.Bound(views);
        return views[..n];
    }
}
