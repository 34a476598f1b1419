using HmsTrace.Traces.Statistics;

namespace HmsTrace.Traces.Tests.Statistics;

public sealed class PageSetTests
{
    [Test]
    public void Runs_are_the_union_of_every_addition_small_or_large([Values(1, 2, 3, 4, 5)] int seed)
    {
        // Additions above SpanPages are kept as intervals, the others as bit groups: the runs must
        // be the union either way, compared with a plain set of pages.
        var random = new Random(seed);
        var set = new PageSet();
        var expected = new HashSet<ulong>();
        for (var i = 0; i < 300; i++)
        {
            var first = (ulong)random.Next(0, 60_000);
            var length = (ulong)(random.Next(4) == 0 ? random.Next(4000, 12_000) : random.Next(1, 200));
            set.Add(first, first + length - 1);
            for (var p = first; p < first + length; p++)
            {
                expected.Add(p);
            }
        }

        var runs = set.Runs();

        Assert.That(PageSet.CountPages(runs), Is.EqualTo(expected.Count));
        var pages = runs.SelectMany(r => Enumerable.Range(0, (int)r.Count).Select(k => r.First + (ulong)k)).ToList();
        Assert.That(pages, Is.EqualTo(expected.Order().ToList()));
        Assert.That(runs.Zip(runs.Skip(1)).All(p => p.First.First + p.First.Count < p.Second.First), Is.True, "maximal runs: none touches the next");
    }

    [Test]
    public void A_huge_access_is_one_run_not_a_bit_per_page()
    {
        // Found by review (session 12): a 2^60-byte read in a trace made `trace info` and a sweep with
        // a capacity in % hold a dictionary entry per 64 pages, until the kernel killed the process.
        var set = new PageSet();
        set.Add(0, (1UL << 48) - 1);
        set.Add(5, 9);
        set.Add(1UL << 50, (1UL << 50) + 3);

        var runs = set.Runs();

        Assert.That(runs, Is.EqualTo(new[] { (0UL, 1UL << 48), (1UL << 50, 4UL) }));
        Assert.That(PageSet.CountPages(runs), Is.EqualTo((1L << 48) + 4));
    }

    [Test]
    public void Runs_reaching_the_last_page_of_the_address_space_do_not_wrap()
    {
        var set = new PageSet();
        set.Add(ulong.MaxValue - 10_000, ulong.MaxValue);
        set.Add(ulong.MaxValue - 3, ulong.MaxValue);
        set.Add(7, 7);

        Assert.That(set.Runs(), Is.EqualTo(new[] { (7UL, 1UL), (ulong.MaxValue - 10_000, 10_001UL) }));
    }
}
