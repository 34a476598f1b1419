using HmsTrace.Engine.Policies;
using HmsTrace.Engine.Tests.Support;
using HmsTrace.Traces;
using static HmsTrace.Engine.Tests.Support.Trace;

namespace HmsTrace.Engine.Tests.Ranges;

/// <summary>
/// The range map's lookup cache follows the pages whose entry changes: a split, a merge or a
/// moved boundary claims the pages it hands to another entry, so that the next lookup of one of
/// them does not fall back to a search of the index.
/// </summary>
public sealed class LookupCacheTests
{
    [Test]
    public void Pages_handed_to_another_entry_are_found_without_a_search()
    {
        // LRU over 1,000 pages (the smallest cache, 1,024 slots, holds them without conflicts) with
        // a 64-page fast tier: every miss splits a range to promote its page and merges the demoted
        // victim back into its slow neighbours. Each page is read once first, since the cache cannot
        // know a page before its first lookup.
        const int pages = 1000;
        var time = 0L;
        var records = new List<TraceRecord> { Mmap(time, Page(0), pages * PageSize) };
        for (var page = 0UL; page < pages; page++)
        {
            records.Add(Read(time += 1000, Page(page), 64));
        }

        var replay = new Replay(Tiny.Machine(fastPages: 64, slowPages: 4096), new LruPolicy());
        replay.Process([.. records]);
        var warm = replay.Engine.LookupSearches;
        var migrationsBefore = replay.Output.Migrations.Count;

        var random = new Random(7);
        var skewed = new TraceRecord[20_000];
        for (var i = 0; i < skewed.Length; i++)
        {
            var rank = (ulong)(pages * Math.Pow(random.NextDouble(), 3));
            skewed[i] = Read(time += 1000, Page(rank * 2654435761UL % pages), 64);
        }

        replay.Process(skewed);

        Assert.That(replay.Output.Migrations.Count - migrationsBefore, Is.GreaterThan(5_000), "the trace migrates often");
        // Without the claims about 15,500 of these lookups search; with them about 250 (pages of
        // merged pieces too large to claim).
        Assert.That(replay.Engine.LookupSearches - warm, Is.LessThan(skewed.Length / 50), "lookups that missed the cache, out of at least one per access and two per migration");
    }
}
