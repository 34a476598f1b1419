using HmsTrace.Engine.Tests.Support;
using static HmsTrace.Engine.Tests.Support.Trace;

namespace HmsTrace.Engine.Tests.Access;

/// <summary>Records that make no sense for the address space are counted as trace errors, never crash the replay.</summary>
public sealed class TraceErrorTests
{
    [Test]
    public void Accesses_outside_the_mappings_of_an_explicit_process_are_trace_errors()
    {
        var replay = new Replay(Tiny.Machine());

        var totals = replay.Run(
            Mmap(0, Page(16), 2 * PageSize),
            ReadPage(1, 20),                    // unmapped: 1 page of errors
            Read(2, Page(17), 2 * PageSize),    // page 17 is served, page 18 is an error
            Write(3, Page(40), 3 * PageSize));  // 3 pages of errors

        Assert.That(totals.TraceErrors, Is.EqualTo(1 + 1 + 3));
        Assert.That(totals.Accesses, Is.EqualTo(1));
        Assert.That(totals.Bytes, Is.EqualTo(4096));
        Assert.That(totals.ModeledNs, Is.EqualTo(Tiny.FastPageNs));
        Assert.That(replay.Output.LastRanges().Select(r => (r.StartAddress / PageSize, r.EndAddress / PageSize, r.Target)),
            Is.EqualTo(new[] { (16UL, 17UL, (string?)null), (17UL, 18UL, "fast") }));
    }

    [Test]
    public void Other_nonsense_records_are_counted_too()
    {
        var replay = new Replay(Tiny.Machine());

        var totals = replay.Run(
            Mmap(0, Page(16), PageSize),
            Read(1, Page(16), 0),             // empty access
            Munmap(2, Page(30), PageSize),    // nothing mapped there
            Unpin(3, Page(16), PageSize),     // never pinned
            Pin(4, Page(50), PageSize),       // unmapped
            Hbind(5, Page(50), PageSize, 1),  // unmapped
            Mmap(6, Page(60), 0));            // empty mapping

        Assert.That(totals.TraceErrors, Is.EqualTo(6));
        Assert.That(totals.Records, Is.EqualTo(7));
        Assert.That(totals.Accesses, Is.Zero);
    }

    [Test]
    public void An_implicit_process_maps_every_address_it_touches()
    {
        var replay = new Replay(Tiny.Machine());

        var totals = replay.Run(ReadPage(0, 20, pid: 7), ReadPage(1, 1_000_000, pid: 7));

        Assert.That(totals.TraceErrors, Is.Zero);
        Assert.That(totals.FirstTouches, Is.EqualTo(2));
    }

    [Test]
    public void A_process_becomes_explicit_at_its_first_mapping()
    {
        var replay = new Replay(Tiny.Machine());

        var totals = replay.Run(
            ReadPage(0, 20),              // implicit: mapped on touch
            Mmap(1, Page(16), PageSize),
            ReadPage(2, 20),              // touched before, still mapped
            ReadPage(3, 21));             // now an error

        Assert.That(totals.TraceErrors, Is.EqualTo(1));
        Assert.That(totals.Hits, Is.EqualTo(1));
    }
}
