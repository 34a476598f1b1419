using HmsTrace.Engine.Results;
using HmsTrace.Engine.Tests.Support;
using static HmsTrace.Engine.Tests.Support.Trace;

namespace HmsTrace.Engine.Tests.Access;

/// <summary>
/// A first touch lands on the initiator's best target and costs the path latency plus the bytes
/// over the path bandwidth, rounded up to a whole ns.
/// </summary>
public sealed class FirstTouchTests
{
    private const long GB = Machines.GB;

    // 3001 bytes inside one page: bandwidths below never divide it, so every case rounds up.
    private const ulong Size = 3001;
    private const ulong Offset = 0x2000 + 100;

    // preset, initiator, write?, expected target, path latency of that direction, path bandwidth of that direction (from the preset's links).
    private static readonly object[] Cases =
    [
        new object[] { "cpu-gpu-pcie", "cpu0", false, "dram0", 90L, 100 * GB },
        new object[] { "cpu-gpu-pcie", "gpu0", true, "gpu0-mem", 300L, 900 * GB },
        new object[] { "dram-cxl", "cpu0", true, "dram0", 100L, 80 * GB },
        new object[] { "dram-hbm-pmem", "cpu0", false, "hbm0", 80L, 800 * GB },
        new object[] { "dram-hbm-pmem", "cpu0", true, "hbm0", 85L, 600 * GB },
        new object[] { "numa2-gpu2-nvlink", "cpu1", false, "dram1", 90L, 120 * GB },
        new object[] { "numa2-gpu2-nvlink", "gpu1", true, "gpu1-mem", 300L, 2000 * GB },
        new object[] { "two-tier", "cpu0", false, "fast", 80L, 200 * GB },
    ];

    [TestCaseSource(nameof(Cases))]
    public void First_touch_goes_to_the_best_target_and_costs_latency_plus_transfer(string preset, string initiator, bool write, string expectedTarget, long latencyNs, long bandwidth)
    {
        var replay = new Replay(Machines.Preset(preset), initiators: initiator);
        var record = write ? Write(0, Offset, Size) : Read(0, Offset, Size);

        var totals = replay.Run(record);

        var expectedNs = latencyNs + TransferNs((long)Size, bandwidth);
        Assert.That(totals.Accesses, Is.EqualTo(1));
        Assert.That(totals.FirstTouches, Is.EqualTo(1));
        Assert.That(totals.Hits, Is.Zero, "a first touch is a miss");
        Assert.That(totals.Bytes, Is.EqualTo((long)Size));
        Assert.That(totals.ModeledNs, Is.EqualTo(expectedNs));
        Assert.That(replay.Output.Epochs, Is.EqualTo(new[]
        {
            new EpochRow(0, 0, 10_000_000, initiator, expectedTarget, 1, (long)Size, 0, 0, expectedNs, 4096),
        }));
    }

    [TestCaseSource(nameof(Cases))]
    public void A_second_touch_of_the_page_is_a_hit_with_the_same_cost(string preset, string initiator, bool write, string expectedTarget, long latencyNs, long bandwidth)
    {
        var replay = new Replay(Machines.Preset(preset), initiators: initiator);
        var record = write ? Write(0, Offset, Size) : Read(0, Offset, Size);

        var totals = replay.Run(record, record with { TimeNs = 10 });

        var oneNs = latencyNs + TransferNs((long)Size, bandwidth);
        Assert.That(totals.Accesses, Is.EqualTo(2));
        Assert.That(totals.FirstTouches, Is.EqualTo(1));
        Assert.That(totals.Hits, Is.EqualTo(1));
        Assert.That(totals.HitBytes, Is.EqualTo((long)Size));
        Assert.That(totals.ModeledNs, Is.EqualTo(2 * oneNs));
        Assert.That(totals.HitRate, Is.EqualTo(0.5));
        Assert.That(replay.Output.Epochs.Single().Target, Is.EqualTo(expectedTarget));
    }

    [Test]
    public void A_record_spanning_pages_touches_each_of_them()
    {
        // two-tier: cpu0 -> fast is 80 ns at 200 GB/s.
        const long latency = 80;
        const long bandwidth = 200 * GB;
        var replay = new Replay(Machines.Preset("two-tier"));

        var totals = replay.Run(
            Write(0, Page(3) - 10, 20),        // pages 2 and 3, both first touched
            Read(10, Page(2), 3 * PageSize));  // pages 2 and 3 hit (one extent), page 4 first touched

        const long spanning = (2 * latency) + 1;                   // 2 pages; ceil(20 B / 200 GB/s) = ceil(0.1) = 1
        const long hitExtent = (2 * latency) + 41;                 // ceil(8192 / 200) = ceil(40.96)
        const long newPage = latency + 21;                         // ceil(4096 / 200) = ceil(20.48)
        Assert.That(TransferNs(20, bandwidth), Is.EqualTo(1));
        Assert.That(TransferNs(8192, bandwidth), Is.EqualTo(41));
        Assert.That(TransferNs(4096, bandwidth), Is.EqualTo(21));
        Assert.That(totals.Accesses, Is.EqualTo(2 + 3));
        Assert.That(totals.FirstTouches, Is.EqualTo(2 + 1));
        Assert.That(totals.Hits, Is.EqualTo(2));
        Assert.That(totals.HitBytes, Is.EqualTo(2 * 4096));
        Assert.That(totals.Bytes, Is.EqualTo(20 + (3 * 4096)));
        Assert.That(totals.ModeledNs, Is.EqualTo(spanning + hitExtent + newPage));
    }

    [Test]
    public void A_write_uses_the_write_latency_and_bandwidth()
    {
        // two-tier: cpu0 -> slow reads at 250 ns / 30 GB/s, writes at 300 ns / 20 GB/s; a policy places on slow.
        var replay = new Replay(Machines.Preset("two-tier"), new ScriptedPolicy { FirstTouchTarget = 1 });

        var totals = replay.Run(Write(0, 0, 4096), Read(1, 0, 4096));

        const long write = 300 + 205; // ceil(4096 / 20) = ceil(204.8)
        const long read = 250 + 137;  // ceil(4096 / 30) = ceil(136.53)
        Assert.That(totals.ModeledNs, Is.EqualTo(write + read));
        Assert.That(totals.Hits, Is.Zero);
    }

    [Test]
    public void Every_initiator_first_touches_its_own_best_target()
    {
        var replay = new Replay(Machines.Preset("numa2-gpu2-nvlink"), initiators: ["cpu0", "cpu1", "gpu0", "gpu1"]);

        replay.Run(
            ReadPage(0, 0, initiator: 0),
            ReadPage(1, 1, initiator: 1),
            ReadPage(2, 2, initiator: 2),
            ReadPage(3, 3, initiator: 3));

        var placed = replay.Output.LastRanges().Select(r => (r.StartAddress / PageSize, r.Target));
        Assert.That(placed, Is.EqualTo(new[] { (0UL, "dram0"), (1UL, "dram1"), (2UL, "gpu0-mem"), (3UL, "gpu1-mem") }));
    }

    [Test]
    public void An_initiator_the_topology_does_not_know_is_an_input_error()
    {
        var replay = new Replay(Machines.Preset("two-tier"), initiators: "gpu9");

        var e = Assert.Throws<InputException>(() => replay.Process(ReadPage(0, 0)))!;

        Assert.That(e.Problem, Does.Contain("gpu9"));
    }
}
