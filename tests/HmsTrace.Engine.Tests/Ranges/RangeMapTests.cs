using HmsTrace.Engine.Ranges;

namespace HmsTrace.Engine.Tests.Ranges;

/// <summary>
/// The chunked range map against a sorted dictionary as the model, under random inserts and
/// removals that grow it over many chunks and shrink it back to empty (seed printed on failure),
/// with each of its two lookup authorities: the page table and the sorted search index.
/// </summary>
[TestFixture(true)]
[TestFixture(false)]
public sealed class RangeMapTests(bool pageTable)
{
    /// <summary>A map whose authority is the page table (as by default), or the sorted search index from the start.</summary>
    private RangeMap NewMap() => new(pageTable);

    [Test]
    public void An_empty_map_finds_nothing()
    {
        var map = NewMap();

        Assert.That(map.TryFind(0, out _), Is.False);
        Assert.That(map.IsEnd(map.First), Is.True);
        Assert.That(map.IsEnd(map.LowerBound(123)), Is.True);
    }

    [Test]
    public void Lookups_find_the_range_containing_a_page_and_nothing_in_gaps()
    {
        var map = NewMap();
        map.Insert(map.LowerBound(10), Entry(10, 20));
        map.Insert(map.LowerBound(0), Entry(0, 5));
        map.Insert(map.LowerBound(30), Entry(30, 31));

        Assert.That(Find(map, 0), Is.EqualTo((0UL, 5UL)));
        Assert.That(Find(map, 4), Is.EqualTo((0UL, 5UL)));
        Assert.That(Find(map, 5), Is.Null);
        Assert.That(Find(map, 19), Is.EqualTo((10UL, 20UL)));
        Assert.That(Find(map, 20), Is.Null);
        Assert.That(Find(map, 30), Is.EqualTo((30UL, 31UL)));
        Assert.That(Find(map, 31), Is.Null);
        Assert.That(map[map.LowerBound(10)].Start, Is.EqualTo(30), "lower bound is the first range starting after the page");
    }

    [TestCase(1, 3000, 20_000)]
    [TestCase(2, 3000, 20_000)]
    [TestCase(3, 3000, 20_000)]
    [TestCase(4, 3000, 20_000)]
    [TestCase(5, 40_000, 400_000)] // up to about 30,000 entries: several hundred chunks, several first-level entries
    [TestCase(6, 20_000, 6_000_000)] // 23 page-table blocks; the page table hands over to the index on the way
    public void Random_inserts_and_removals_agree_with_a_sorted_model(int seed, int grow, int space)
    {
        var random = new Random(seed);
        var map = NewMap();
        var model = new SortedDictionary<ulong, ulong>();
        var used = new bool[space + 8];
        for (var step = 0; step < 2 * grow; step++)
        {
            // Mostly inserts in the first half, mostly removals in the second.
            var insert = random.Next(100) < (step < grow ? 80 : 15);
            if (insert)
            {
                var start = (ulong)random.Next(space);
                var end = start + (ulong)random.Next(1, 6);
                if (!used.AsSpan((int)start, (int)(end - start)).Contains(true))
                {
                    var at = map.Insert(map.LowerBound(start), Entry(start, end));
                    Assert.That(map[at].Start, Is.EqualTo(start), $"seed {seed}, step {step}: insert returns where the entry went");
                    model.Add(start, end);
                    used.AsSpan((int)start, (int)(end - start)).Fill(true);
                }
            }
            else if (model.Count > 0)
            {
                var key = model.Keys.ElementAt(random.Next(model.Count));
                Assert.That(map.TryFind(key, out var at), Is.True, $"seed {seed}, step {step}");
                var after = map.RemoveAt(at);
                used.AsSpan((int)key, (int)(model[key] - key)).Clear();
                model.Remove(key);
                var expectedNext = model.Keys.Where(k => k > key).Select(k => (ulong?)k).FirstOrDefault();
                Assert.That(map.IsEnd(after) ? null : (ulong?)map[after].Start, Is.EqualTo(expectedNext), $"seed {seed}, step {step}: removal returns the next entry");
            }

            if (step % (grow / 60) == 0 || step == (2 * grow) - 1)
            {
                AssertSameAsModel(map, model, random, space, $"seed {seed}, step {step}");
            }
        }

        Assert.That(map.Count, Is.EqualTo(model.Count));
    }

    [Test]
    public void A_page_cached_for_a_removed_entry_is_not_found_after_its_slot_is_reused()
    {
        var map = NewMap();
        var first = map.Insert(map.EndPosition, Entry(10, 20));
        Assert.That(map.TryFind(15, out _), Is.True);
        map.Insert(map.EndPosition, Entry(100, 101));
        map.RemoveAt(first);

        // The freed slot now holds a range elsewhere; the cache still remembers it for page 15.
        var reused = map.Insert(map.LowerBound(30), Entry(30, 40));

        Assert.That(reused, Is.EqualTo(first), "the test needs the slot to be reused");
        Assert.That(map.TryFind(15, out _), Is.False);
        Assert.That(Find(map, 35), Is.EqualTo((30UL, 40UL)));
        Assert.That(map.CheckStructure(), Is.Null);
    }

    [Test]
    public void The_lookup_cache_grows_with_the_ranges_up_to_its_bound()
    {
        var map = NewMap();
        Assert.That(map.CacheSlots, Is.EqualTo(1 << RangeMap.MinCacheBits));
        for (ulong i = 0; i < 300_000; i++)
        {
            map.Insert(map.EndPosition, Entry(i * 2, (i * 2) + 1));
        }

        Assert.That(map.CacheSlots, Is.EqualTo(1 << RangeMap.MaxCacheBits));
        Assert.That(Find(map, 2 * 299_999), Is.EqualTo((2UL * 299_999, (2UL * 299_999) + 1)));
    }

    [Test]
    public void A_map_shrunk_to_empty_can_grow_again()
    {
        var map = NewMap();
        for (ulong i = 0; i < 500; i++)
        {
            map.Insert(map.EndPosition, Entry(i * 2, (i * 2) + 1));
        }

        while (map.Count > 0)
        {
            map.RemoveAt(map.First);
        }

        map.Insert(map.LowerBound(7), Entry(7, 9));

        Assert.That(Find(map, 8), Is.EqualTo((7UL, 9UL)));
        Assert.That(map.Count, Is.EqualTo(1));
    }

    private static void AssertSameAsModel(RangeMap map, SortedDictionary<ulong, ulong> model, Random random, int space, string where)
    {
        var walked = new List<(ulong, ulong)>();
        for (var p = map.First; !map.IsEnd(p); p = map.Next(p))
        {
            walked.Add((map[p].Start, map[p].End));
        }

        Assert.That(walked, Is.EqualTo(model.Select(kv => (kv.Key, kv.Value)).ToList()), where);
        Assert.That(map.Count, Is.EqualTo(model.Count), where);
        Assert.That(map.CheckStructure(), Is.Null, where);

        // Walking backwards from the end gives the same entries.
        var backwards = new List<(ulong, ulong)>();
        for (var p = map.EndPosition; map.Previous(p, out var before); p = before)
        {
            backwards.Add((map[before].Start, map[before].End));
        }

        backwards.Reverse();
        Assert.That(backwards, Is.EqualTo(walked), where + ": backwards");

        var starts = model.Keys.ToArray();
        for (var probe = 0; probe < 200; probe++)
        {
            var page = (ulong)random.Next(space + 10);

            // The model's answers by binary search: the index of the first start after the page.
            var after = Array.BinarySearch(starts, page + 1);
            after = after < 0 ? ~after : after;
            var containing = after > 0 && page < model[starts[after - 1]] ? ((ulong, ulong)?)(starts[after - 1], model[starts[after - 1]]) : null;
            Assert.That(Find(map, page), Is.EqualTo(containing), $"{where}: lookup of page {page}");
            var lower = map.LowerBound(page);
            var firstAfter = after < starts.Length ? (ulong?)starts[after] : null;
            Assert.That(map.IsEnd(lower) ? null : (ulong?)map[lower].Start, Is.EqualTo(firstAfter), $"{where}: lower bound of page {page}");
        }
    }

    private static (ulong, ulong)? Find(RangeMap map, ulong page)
        => map.TryFind(page, out var p) ? (map[p].Start, map[p].End) : null;

    private static RangeEntry Entry(ulong start, ulong end) => new() { Start = start, End = end, Target = -1 };
}
