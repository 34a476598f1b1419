using HmsTrace.Engine.Results;
using HmsTrace.Engine.Tests.Support;
using HmsTrace.Policy;
using static HmsTrace.Engine.Tests.Support.Trace;

namespace HmsTrace.Engine.Tests.Ranges;

/// <summary>mremap moves a range with its placement and statistics.</summary>
public sealed class MremapTests
{
    [Test]
    public void A_moved_range_keeps_its_placement_and_statistics()
    {
        var policy = new ScriptedPolicy();
        var replay = new Replay(Tiny.Machine(fastPages: 4), policy);

        var totals = replay.Run(
            Mmap(0, Page(16), 2 * PageSize),
            Write(1, Page(16), 2 * PageSize),              // both pages first touched on fast
            Mremap(2, Page(16), 2 * PageSize, Page(32)),
            Read(3, Page(32), 2 * PageSize),               // hits: the data moved with the range
            Read(4, Page(16), 2 * PageSize));              // the old address is no longer mapped

        const long twoFastPagesNs = (2 * Tiny.FastLatencyNs) + 2000; // 8192 B at 4.096 GB/s
        Assert.That(totals.Accesses, Is.EqualTo(4));
        Assert.That(totals.FirstTouches, Is.EqualTo(2));
        Assert.That(totals.Hits, Is.EqualTo(2));
        Assert.That(totals.TraceErrors, Is.EqualTo(2));
        Assert.That(totals.ModeledNs, Is.EqualTo(2 * twoFastPagesNs));
        Assert.That(policy.Remaps, Is.EqualTo(new[] { new UnmapContext(1, 16, 18, 32, 2) }));

        // The range's epoch statistics include the two page touches made before the move.
        Assert.That(replay.Output.LastRanges(), Is.EqualTo(new[]
        {
            new RangeRow(0, 1, Page(32), Page(34), "fast", 0, 4, 0, 3, 10_000_000, 0),
        }));
        Assert.That(replay.Output.Epochs.Single().ResidentBytes, Is.EqualTo(2 * 4096));
    }

    [Test]
    public void A_move_onto_a_populated_range_frees_what_was_there()
    {
        var replay = new Replay(Tiny.Machine(fastPages: 4));

        var totals = replay.Run(
            ReadPage(0, 0),
            ReadPage(1, 8),
            Mremap(2, Page(0), PageSize, Page(8)));

        Assert.That(totals.TraceErrors, Is.Zero);
        Assert.That(replay.Output.LastRanges().Select(r => r.StartAddress), Is.EqualTo(new[] { Page(8) }));
        Assert.That(replay.Output.Epochs.Single().ResidentBytes, Is.EqualTo(4096));
    }

    [Test]
    public void A_move_to_a_different_offset_in_the_page_is_a_trace_error()
    {
        var replay = new Replay(Tiny.Machine());

        var totals = replay.Run(ReadPage(0, 0), Mremap(1, Page(0), PageSize, Page(8) + 16));

        Assert.That(totals.TraceErrors, Is.EqualTo(1));
        Assert.That(replay.Output.LastRanges().Single().StartAddress, Is.Zero);
    }

    [Test]
    public void Moving_nothing_is_a_trace_error()
    {
        var replay = new Replay(Tiny.Machine());

        var totals = replay.Run(Mmap(0, Page(0), PageSize), Mremap(1, Page(4), PageSize, Page(8)));

        Assert.That(totals.TraceErrors, Is.EqualTo(1));
    }
}
