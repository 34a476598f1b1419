using HmsTrace.Engine.Tests.Support;
using static HmsTrace.Engine.Tests.Support.Trace;

namespace HmsTrace.Engine.Tests.Access;

/// <summary>
/// The top page of the 64-bit address space is never mapped (Linux keeps it for error pointers):
/// records that reach it, or run past 2^64, are cut there and the rest counted as trace errors.
/// Before, an access running past 2^64 wrapped around and was silently dropped.
/// </summary>
public sealed class AddressSpaceEndTests
{
    /// <summary>The first byte of the top page: the end of what can be mapped.</summary>
    private const ulong SpaceEnd = ulong.MaxValue - PageSize + 1;

    /// <summary>The last page that can be mapped.</summary>
    private const ulong LastMappable = SpaceEnd - PageSize;

    [Test]
    public void An_access_running_past_the_end_is_served_up_to_it_and_the_pages_beyond_are_errors()
    {
        var replay = new Replay(Tiny.Machine());

        // The last mappable page, the top page, and one page past 2^64.
        var totals = replay.Run(Read(0, LastMappable, 3 * PageSize));

        Assert.That((totals.Accesses, totals.Bytes, totals.TraceErrors), Is.EqualTo((1, PageSize, 2)));
        Assert.That(replay.Output.LastRanges().Select(r => (r.StartAddress, r.EndAddress, r.Target)),
            Is.EqualTo(new[] { (LastMappable, SpaceEnd, (string?)"fast") }));
    }

    [Test]
    public void Bytes_up_to_the_end_are_counted_exactly()
    {
        var replay = new Replay(Tiny.Machine());

        var totals = replay.Run(Read(0, SpaceEnd - 10, 10), Write(1, SpaceEnd - 100, 200));

        Assert.That((totals.Accesses, totals.Bytes, totals.TraceErrors), Is.EqualTo((2, 110, 1)));
    }

    [Test]
    public void The_top_page_itself_is_an_error_and_places_nothing()
    {
        var replay = new Replay(Tiny.Machine());

        var totals = replay.Run(Read(0, SpaceEnd, PageSize), Read(1, ulong.MaxValue, 1), Mmap(2, SpaceEnd, PageSize));

        Assert.That((totals.Accesses, totals.FirstTouches, totals.TraceErrors), Is.EqualTo((0, 0, 3)));
        Assert.That(replay.Output.LastRanges(), Is.Empty);
    }

    [Test]
    public void Mappings_are_cut_at_the_end_and_a_remap_past_it_moves_nothing()
    {
        var replay = new Replay(Tiny.Machine());

        var totals = replay.Run(
            Mmap(0, LastMappable - PageSize, 4 * PageSize),                 // cut to 2 pages: 1 error
            Read(1, LastMappable - PageSize, 2 * PageSize),
            Mremap(2, LastMappable - PageSize, PageSize, LastMappable + 5), // offsets differ: 1 error
            Mremap(3, LastMappable - PageSize, 2 * PageSize, LastMappable), // would end past the end: 1 error
            Munmap(4, LastMappable, 5 * PageSize));                         // cut to 1 page: 1 error

        Assert.That((totals.Accesses, totals.TraceErrors), Is.EqualTo((2, 4)), "two pages read, four records cut or refused");
        Assert.That(replay.Output.LastRanges().Select(r => (r.StartAddress, r.EndAddress)),
            Is.EqualTo(new[] { (LastMappable - PageSize, LastMappable) }));
    }
}
