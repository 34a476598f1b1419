using HmsTrace.Engine.Policies;
using HmsTrace.Engine.Tests.Support;
using HmsTrace.Policy;
using HmsTrace.Traces;
using static HmsTrace.Engine.Tests.Support.Trace;

namespace HmsTrace.Engine.Tests.Policies;

/// <summary>
/// <c>lru</c> and <c>optimal</c> on traces that map, unmap and move memory, touch unmapped pages
/// and report idle regions: each still misses exactly like an LRU cache and Belady's MIN fed the
/// data the trace touches and drops (<see cref="DataEvents"/>), and the pre-pass numbers exactly the touches
/// the engine replays.
/// </summary>
public sealed class MappingPolicyTests
{
    [Test]
    public void The_next_use_index_follows_data_through_errors_idle_regions_unmaps_and_moves()
    {
        TraceRecord[] records =
        [
            Mmap(0, Page(0), 4 * PageSize),
            ReadPage(1, 0),                                  // touch 0: datum a
            ReadPage(2, 9),                                  // not mapped: a trace error, no touch
            Region(3, Page(1), PageSize, 0),                 // seen idle: no touch
            ReadPage(4, 1),                                  // touch 1: datum b
            Mremap(5, Page(0), 2 * PageSize, Page(10)),      // a and b move to pages 10 and 11
            ReadPage(6, 10),                                 // touch 2: a again
            Munmap(7, Page(11), PageSize),                   // b is gone: touch 1 has no next use
            Mmap(8, Page(11), PageSize),
            Region(9, Page(11), PageSize, 3),                // touch 3: datum c, new at page 11
            ReadPage(10, 0),                                 // moved away: a trace error
            ReadPage(11, 10),                                // touch 4: a again
        ];

        var index = NextUse.Index(Machines.TwoTier(4096), records);

        Assert.That(index.Touches, Is.EqualTo(5));
        Assert.That(Enumerable.Range(0, 6).Select(i => index.NextUse(i)), Is.EqualTo(new[] { 2, NextUseIndex.Never, 4, NextUseIndex.Never, NextUseIndex.Never, NextUseIndex.Never }));
    }

    [Test]
    public void The_next_use_index_follows_data_through_moves_and_unmaps_wider_than_what_was_touched()
    {
        const ulong span = 1000 * PageSize;
        TraceRecord[] records =
        [
            ReadPage(0, 5),                        // touch 0: datum a
            ReadPage(1, 700),                      // touch 1: datum b
            Mremap(2, Page(0), span, Page(5000)),  // a and b move to pages 5005 and 5700
            ReadPage(3, 5005),                     // touch 2: a again
            Munmap(4, Page(5000), span),           // a and b are gone
            ReadPage(5, 5700),                     // touch 3: new datum c (the process never called mmap)
            ReadPage(6, 5005),                     // touch 4: new datum d
        ];

        var index = NextUse.Index(Machines.TwoTier(4096), records);

        Assert.That(index.Touches, Is.EqualTo(5));
        Assert.That(Enumerable.Range(0, 5).Select(i => index.NextUse(i)), Is.EqualTo(new[] { 2, NextUseIndex.Never, NextUseIndex.Never, NextUseIndex.Never, NextUseIndex.Never }));
    }

    [Test]
    public void A_move_onto_itself_tells_the_policy_of_the_pages_unmapped_at_the_destination_only()
    {
        // Source [0, 4) moves to [2, 6): pages 2 and 3 are the source's own data, moving; 4 and 5
        // were something else, unmapped.
        var policy = new ScriptedPolicy();
        var replay = new Replay(Tiny.Machine(fastPages: 8), policy);

        replay.Run(Read(0, Page(0), 6 * PageSize), Mremap(1, Page(0), 4 * PageSize, Page(2)));

        Assert.That(policy.Unmaps, Is.EqualTo(new[] { new UnmapContext(1, 4, 6, 4, 1) }));
        Assert.That(policy.Remaps, Is.EqualTo(new[] { new UnmapContext(1, 0, 4, 2, 1) }));
    }

    [Test]
    public void Lru_misses_exactly_like_an_lru_cache_of_the_data_touched([Values(1, 3, 8)] int capacity, [Range(1, 6)] int seed)
    {
        var records = MappingTrace(seed);
        var events = DataEvents.Of(records, PageSize);

        var totals = new Replay(Machines.TwoTier(capacity * 4096L), new LruPolicy()).Run(records);

        Assert.That(totals.Accesses, Is.EqualTo(events.Count(e => e.Touch)), "the model touches what the engine replays");
        Assert.That(totals.Accesses - totals.Hits, Is.EqualTo(LruCache.Misses(events, capacity)));
        Assert.That(totals.OvercommittedPages, Is.Zero);
    }

    [Test]
    public void Optimal_misses_exactly_like_beladys_min_of_the_data_touched([Values(1, 3, 8)] int capacity, [Range(1, 6)] int seed)
    {
        var records = MappingTrace(seed);
        var events = DataEvents.Of(records, PageSize);
        var machine = Machines.TwoTier(capacity * 4096L);

        var totals = new Replay(machine, new OptimalPolicy(NextUse.Index(machine, records))).Run(records);

        Assert.That(totals.Accesses, Is.EqualTo(events.Count(e => e.Touch)), "the model touches what the engine replays");
        Assert.That(totals.Accesses - totals.Hits, Is.EqualTo(BeladyCache.Misses(events, capacity)));
        Assert.That(totals.OvercommittedPages, Is.Zero);
    }

    [Test]
    public void The_pre_pass_rejects_a_record_of_an_initiator_the_machine_lacks_as_the_replay_does()
    {
        TraceRecord[] records = [ReadPage(0, 1, initiator: 1)];
        using var reader = new ArrayTraceReader(records, "cpu0", "npu7");

        var e = Assert.Throws<InputException>(() => NextUseIndex.Build(reader, Machines.TwoTier(4096), "t.hmst"));

        Assert.That(e!.Message, Does.StartWith("t.hmst").And.Contain("npu7"));
    }

    /// <summary>
    /// A page trace of 1,500 records over 48 pages: an explicit process (1) and an implicit one (2)
    /// reading a page, regions of a page seen busy or idle, and now and then an mmap, a munmap or an
    /// mremap of a few pages (whose source and destination may overlap).
    /// </summary>
    private static TraceRecord[] MappingTrace(int seed)
    {
        const int footprint = 48;
        var random = new Random(seed);
        var records = new List<TraceRecord> { Mmap(0, Page(0), 32 * PageSize) };
        for (var t = 1L; t <= 1500; t++)
        {
            var pid = random.Next(3) == 0 ? 2u : 1u;
            var page = (ulong)Math.Min(footprint - 1, (int)(footprint * Math.Pow(random.NextDouble(), 2)));
            var pages = (ulong)random.Next(1, 4);
            records.Add(random.Next(100) switch
            {
                < 70 => Read(t, Page(page) + (pages * 100), 64, pid: pid),
                < 76 => Region(t, Page(page), PageSize, 0, pid),
                < 82 => Region(t, Page(page), PageSize, 2, pid),
                < 88 => Munmap(t, Page(page), pages * PageSize, pid),
                < 94 => Mmap(t, Page(page), (pages + 2) * PageSize),
                _ => Mremap(t, Page(page), (pages + 3) * PageSize, Page((ulong)random.Next(footprint)), pid),
            });
        }

        return [.. records];
    }
}
