using HmsTrace.Engine.Tests.Support;
using HmsTrace.Traces;
using static HmsTrace.Engine.Tests.Support.Trace;

namespace HmsTrace.Engine.Tests.Epochs;

/// <summary>Bugs found by review of the engine against its documentation, each with the test that catches it.</summary>
public sealed class RegressionTests
{
    [Test]
    public void A_negative_first_timestamp_starts_its_epoch_at_or_before_it()
    {
        var replay = new Replay(Tiny.Machine(), options: new ReplayOptions { EpochNs = 1000 });

        replay.Run(Read(-1500, Page(0), 8));

        // floor(-1500 / 1000) * 1000 = -2000: the epoch [-2000, -1000) contains the record.
        Assert.That(replay.Output.Epochs[0].StartNs, Is.EqualTo(-2000));
        Assert.That(replay.Output.Epochs[0].EndNs, Is.EqualTo(-1000));
    }

    [Test]
    public void A_region_seen_idle_is_not_an_access_and_places_nothing()
    {
        var replay = new Replay(Tiny.Machine());

        var totals = replay.Run(
            new TraceRecord(0, Page(0), 2 * PageSize, 0, 1, 0, TraceOperation.RegionAccess),
            new TraceRecord(1, Page(4), PageSize, 5, 1, 0, TraceOperation.RegionAccess));

        // Only the second region (seen 5 times) touches its one page.
        Assert.That(totals.Accesses, Is.EqualTo(1));
        Assert.That(totals.FirstTouches, Is.EqualTo(1));
    }
}
