using HmsTrace.Engine.Results;
using HmsTrace.Engine.Tests.Support;
using static HmsTrace.Engine.Tests.Support.Trace;

namespace HmsTrace.Engine.Tests.Epochs;

/// <summary>Per-epoch rows for every (initiator, target) pair with traffic, and resident bytes per target.</summary>
public sealed class EpochRowTests
{
    // cpu-gpu-pcie: cpu0 -> dram0 90 ns @ 100 GB/s; gpu0 -> gpu0-mem 300 ns (write 300) @ 900 GB/s;
    // gpu0 -> dram0 690 ns @ 25 GB/s (through pcie0 and cpu0).
    private const long CpuDramNs = 90 + 41;        // ceil(4096 / 100) = ceil(40.96)
    private const long GpuGpuNs = 300 + 5;         // ceil(4096 / 900) = ceil(4.55)
    private const long GpuDramNs = 690 + 164;      // ceil(4096 / 25) = ceil(163.84)

    [Test]
    public void Rows_cover_each_pair_with_traffic_and_targets_that_only_hold_data()
    {
        var replay = new Replay(Machines.Preset("cpu-gpu-pcie"), options: new ReplayOptions { EpochNs = 1000 }, initiators: ["cpu0", "gpu0"]);

        var totals = replay.Run(
            ReadPage(0, 0, initiator: 0),     // epoch 0: cpu0 first touches dram0
            Write(100, Page(1), PageSize, 1), // epoch 0: gpu0 first touches gpu0-mem
            ReadPage(200, 0, initiator: 1),   // epoch 0: gpu0 reads dram0 (no migration under first-touch)
            ReadPage(1500, 0, initiator: 0),  // epoch 1: cpu0 hit
            ReadPage(3200, 0, initiator: 0)); // epoch 3: cpu0 hit; epoch 2 saw nothing

        Assert.That(TransferNs(4096, 100 * Machines.GB), Is.EqualTo(41));
        Assert.That(TransferNs(4096, 900 * Machines.GB), Is.EqualTo(5));
        Assert.That(TransferNs(4096, 25 * Machines.GB), Is.EqualTo(164));
        Assert.That(replay.Output.Epochs, Is.EqualTo(new[]
        {
            new EpochRow(0, 0, 1000, "cpu0", "dram0", 1, 4096, 0, 0, CpuDramNs, 4096),
            new EpochRow(0, 0, 1000, "gpu0", "dram0", 1, 4096, 0, 0, GpuDramNs, 4096),
            new EpochRow(0, 0, 1000, "gpu0", "gpu0-mem", 1, 4096, 0, 0, GpuGpuNs, 4096),
            new EpochRow(1, 1000, 2000, "cpu0", "dram0", 1, 4096, 1, 4096, CpuDramNs, 4096),
            new EpochRow(1, 1000, 2000, null, "gpu0-mem", 0, 0, 0, 0, 0, 4096),
            new EpochRow(2, 2000, 3000, null, "dram0", 0, 0, 0, 0, 0, 4096),
            new EpochRow(2, 2000, 3000, null, "gpu0-mem", 0, 0, 0, 0, 0, 4096),
            new EpochRow(3, 3000, 4000, "cpu0", "dram0", 1, 4096, 1, 4096, CpuDramNs, 4096),
            new EpochRow(3, 3000, 4000, null, "gpu0-mem", 0, 0, 0, 0, 0, 4096),
        }));
        Assert.That(totals.Epochs, Is.EqualTo(4));
        Assert.That(totals.Accesses, Is.EqualTo(5));
        Assert.That(totals.Hits, Is.EqualTo(2));
        Assert.That(totals.ModeledNs, Is.EqualTo((3 * CpuDramNs) + GpuGpuNs + GpuDramNs));
        Assert.That(totals.HitRate, Is.EqualTo(2.0 / 5));
        Assert.That(totals.ByteHitRate, Is.EqualTo(2.0 / 5));
    }

    [TestCase(1, new long[] { 0, 1, 10, 50 })]
    [TestCase(2, new long[] { 0, 10 })]
    public void Ranges_are_snapshotted_in_active_epochs_only(int every, long[] expected)
    {
        // Records in epochs 0, 1 and 50; in idle epoch 10 the policy moves a page (that is activity);
        // the other 47 epochs see nothing and change no range.
        var replay = new Replay(Tiny.Machine(), new MigrateInEpoch(10), new ReplayOptions { EpochNs = 1000, RangeSnapshotEvery = every });

        var totals = replay.Run(ReadPage(0, 0), ReadPage(1500, 1), ReadPage(50_500, 0));

        Assert.That(totals.Epochs, Is.EqualTo(51));
        Assert.That(totals.MigrationsRequested, Is.EqualTo(1));
        Assert.That(replay.Output.Ranges.Select(r => r.Epoch).Distinct(), Is.EqualTo(expected));
    }

    /// <summary>First touch, and one migration of page 0 to the slow target at the end of one chosen epoch.</summary>
    private sealed class MigrateInEpoch(long epoch) : Policy.PlacementPolicy
    {
        public override Policy.TargetId OnFirstTouch(Policy.FirstTouchContext context) => context.DefaultTarget;

        public override void OnEpoch(Policy.EpochContext context)
        {
            if (context.Epoch == epoch)
            {
                context.Migrate(1, 0, 1, new Policy.TargetId(Tiny.Slow));
            }
        }
    }

    [Test]
    public void Epochs_start_at_a_multiple_of_the_epoch_length()
    {
        var replay = new Replay(Tiny.Machine(), options: new ReplayOptions { EpochNs = 1000 });

        replay.Run(ReadPage(2345, 0));

        var row = replay.Output.Epochs.Single();
        Assert.That((row.Epoch, row.StartNs, row.EndNs), Is.EqualTo((0L, 2000L, 3000L)));
    }

    [Test]
    public void Record_count_epochs_close_after_that_many_records()
    {
        var replay = new Replay(Tiny.Machine(), options: new ReplayOptions { EpochRecords = 2 });

        var totals = replay.Run(ReadPage(10, 0), ReadPage(20, 0), ReadPage(30, 1));

        // Epoch 0 = records 0..1 and ends one ns after its last record; epoch 1 = record 2, closed by Finish.
        Assert.That(replay.Output.Epochs.Select(r => (r.Epoch, r.StartNs, r.EndNs, r.Accesses, r.Hits, r.ResidentBytes)), Is.EqualTo(new[]
        {
            (0L, 10L, 21L, 2L, 1L, 4096L),
            (1L, 21L, 31L, 1L, 0L, 2 * 4096L),
        }));
        Assert.That(totals.Epochs, Is.EqualTo(2));
    }

    [Test]
    public void Hit_and_byte_hit_rates_weigh_differently()
    {
        var replay = new Replay(Tiny.Machine(fastPages: 1));

        // Page 0 on fast, page 1 on slow; a 4096-byte hit on fast, a 1-byte miss on slow.
        var totals = replay.Run(Write(0, Page(0), 1), Write(1, Page(1), 1), ReadPage(2, 0), Read(3, Page(1), 1));

        Assert.That(totals.Hits, Is.EqualTo(1));
        Assert.That(totals.HitRate, Is.EqualTo(1.0 / 4));
        Assert.That(totals.ByteHitRate, Is.EqualTo(4096.0 / (1 + 1 + 4096 + 1)));
    }
}
