using HmsTrace.Engine.Tests.Support;
using static HmsTrace.Engine.Tests.Support.Trace;

namespace HmsTrace.Engine.Tests.Migration;

/// <summary>A range that returns to a target it left within the window is a ping-pong.</summary>
public sealed class PingPongTests
{
    private const long WindowNs = 1000;

    [Test]
    public void Returns_within_the_window_count_and_later_ones_do_not()
    {
        var policy = new ScriptedPolicy
        {
            EpochMigrations =
            {
                [0] = [(1, 0, 1, Tiny.Slow)], // t=0: leaves fast
                [1] = [(1, 0, 1, Tiny.Fast)], // t=500: back to fast, left at 0: 500 <= 1000, ping-pong
                [2] = [(1, 0, 1, Tiny.Slow)], // t=2000: back to slow, left at 500: 1500 > 1000
                [3] = [(1, 0, 1, Tiny.Fast)], // t=3000: back to fast, left at 2000: 1000 <= 1000, ping-pong (inclusive)
                [4] = [(1, 0, 1, Tiny.Slow)], // t=4001: back to slow, left at 3000: 1001 > 1000
            },
        };
        var replay = new Replay(Tiny.Machine(), policy, new ReplayOptions { EpochRecords = 1, PingPongWindowNs = WindowNs });

        var totals = replay.Run(ReadPage(0, 0), Marker(500), Marker(2000), Marker(3000), Marker(4001));

        const long eachNs = Tiny.RequestOverheadNs + Tiny.PageOverheadNs + Tiny.MigrationLatencyNs + 4000;
        Assert.That(replay.Output.Migrations.Select(m => (m.TimeNs, m.To, m.PingPong)), Is.EqualTo(new[]
        {
            (0L, "slow", false), (500L, "fast", true), (2000L, "slow", false), (3000L, "fast", true), (4001L, "slow", false),
        }));
        Assert.That(totals.PingPongs, Is.EqualTo(2));
        Assert.That(totals.MigrationsMoved, Is.EqualTo(5));
        Assert.That(totals.BytesMigrated, Is.EqualTo(5 * 4096));
        Assert.That(totals.MigrationNs, Is.EqualTo(5 * eachNs));
    }

    [Test]
    public void Moving_on_to_a_third_target_is_not_a_ping_pong()
    {
        // dram-hbm-pmem: hbm0 (0) -> dram0 (1) -> pmem0 (2) never returns.
        var policy = new ScriptedPolicy
        {
            EpochMigrations = { [0] = [(1, 0, 1, 1)], [1] = [(1, 0, 1, 2)] },
        };
        var replay = new Replay(Machines.Preset("dram-hbm-pmem"), policy, new ReplayOptions { EpochRecords = 1 });

        var totals = replay.Run(ReadPage(0, 0), Marker(10));

        Assert.That(replay.Output.Migrations.Select(m => (m.From, m.To)), Is.EqualTo(new[] { ("hbm0", "dram0"), ("dram0", "pmem0") }));
        Assert.That(totals.PingPongs, Is.Zero);
    }
}
