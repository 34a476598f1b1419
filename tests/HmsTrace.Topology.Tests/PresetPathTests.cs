namespace HmsTrace.Topology.Tests;

/// <summary>
/// Paths on every bundled preset, worked out by hand from its links and bridges: latencies add
/// up along the path (links and bridges crossed), bandwidth is the smallest on it.
/// </summary>
public sealed class PresetPathTests
{
    private const long GB = Topologies.GB;

    // preset, initiator, target, read latency, write latency, read bandwidth, write bandwidth.
    private static readonly object[] AccessPaths =
    [
        new object[] { "cpu-gpu-pcie", "cpu0", "dram0", 90L, 100L, 100 * GB, 80 * GB },

        // cpu0 -100-> pcie0 (+400) -100-> gpu0 -300-> gpu0-mem; min(32, 25, 32, 900) GB/s
        new object[] { "cpu-gpu-pcie", "cpu0", "gpu0-mem", 100L + 400 + 100 + 300, 100L + 400 + 100 + 300, 25 * GB, 25 * GB },
        new object[] { "cpu-gpu-pcie", "gpu0", "gpu0-mem", 300L, 300L, 900 * GB, 900 * GB },

        // gpu0 -100-> pcie0 (+400) -100-> cpu0 -90/100-> dram0; min(32, 25, 32, 100|80) GB/s
        new object[] { "cpu-gpu-pcie", "gpu0", "dram0", 100L + 400 + 100 + 90, 100L + 400 + 100 + 100, 25 * GB, 25 * GB },

        new object[] { "dram-cxl", "cpu0", "dram0", 90L, 100L, 100 * GB, 80 * GB },

        // cpu0 -20-> cxl-switch0 (+100) -80/90-> cxl0; min(64, 64, 32|28) GB/s
        new object[] { "dram-cxl", "cpu0", "cxl0", 20L + 100 + 80, 20L + 100 + 90, 32 * GB, 28 * GB },

        new object[] { "dram-hbm-pmem", "cpu0", "hbm0", 80L, 85L, 800 * GB, 600 * GB },
        new object[] { "dram-hbm-pmem", "cpu0", "dram0", 95L, 100L, 250 * GB, 200 * GB },
        new object[] { "dram-hbm-pmem", "cpu0", "pmem0", 300L, 1000L, 30 * GB, 10 * GB },

        new object[] { "numa2-gpu2-nvlink", "cpu0", "dram0", 90L, 100L, 120 * GB, 100 * GB },

        // cpu0 -60-> cpu1 -90/100-> dram1; min(40, 120|100) GB/s
        new object[] { "numa2-gpu2-nvlink", "cpu0", "dram1", 60L + 90, 60L + 100, 40 * GB, 40 * GB },
        new object[] { "numa2-gpu2-nvlink", "cpu0", "gpu0-mem", 100L + 400 + 100 + 300, 100L + 400 + 100 + 300, 25 * GB, 25 * GB },

        // cpu0 may not cross nvlink: cpu0 -60-> cpu1 -100-> pcie1 (+400) -100-> gpu1 -300-> gpu1-mem; min(40, 32, 25, 32, 2000)
        new object[] { "numa2-gpu2-nvlink", "cpu0", "gpu1-mem", 60L + 100 + 400 + 100 + 300, 60L + 100 + 400 + 100 + 300, 25 * GB, 25 * GB },
        new object[] { "numa2-gpu2-nvlink", "cpu1", "gpu0-mem", 60L + 100 + 400 + 100 + 300, 60L + 100 + 400 + 100 + 300, 25 * GB, 25 * GB },
        new object[] { "numa2-gpu2-nvlink", "gpu0", "gpu0-mem", 300L, 300L, 2000 * GB, 2000 * GB },

        // gpu0 -50-> nvlink (+100) -50-> gpu1 -300-> gpu1-mem; min(300, 300, 300, 2000)
        new object[] { "numa2-gpu2-nvlink", "gpu0", "gpu1-mem", 50L + 100 + 50 + 300, 50L + 100 + 50 + 300, 300 * GB, 300 * GB },
        new object[] { "numa2-gpu2-nvlink", "gpu0", "dram0", 100L + 400 + 100 + 90, 100L + 400 + 100 + 100, 25 * GB, 25 * GB },

        // gpu0 -100-> pcie0 (+400) -100-> cpu0 -60-> cpu1 -90/100-> dram1 (750 < 890 through nvlink and pcie1)
        new object[] { "numa2-gpu2-nvlink", "gpu0", "dram1", 100L + 400 + 100 + 60 + 90, 100L + 400 + 100 + 60 + 100, 25 * GB, 25 * GB },
        new object[] { "numa2-gpu2-nvlink", "gpu1", "dram0", 100L + 400 + 100 + 60 + 90, 100L + 400 + 100 + 60 + 100, 25 * GB, 25 * GB },

        new object[] { "two-tier", "cpu0", "fast", 80L, 80L, 200 * GB, 200 * GB },
        new object[] { "two-tier", "cpu0", "slow", 250L, 300L, 30 * GB, 20 * GB },
    ];

    // preset, source target, destination target, read latency, write latency, write bandwidth.
    private static readonly object[] MigrationPaths =
    [
        // dram0 -90/100-> cpu0 -100-> pcie0 (+400) -100-> gpu0 -300-> gpu0-mem; min(80, 32, 25, 32, 900)
        new object[] { "cpu-gpu-pcie", "dram0", "gpu0-mem", 90L + 100 + 400 + 100 + 300, 100L + 100 + 400 + 100 + 300, 25 * GB },
        new object[] { "cpu-gpu-pcie", "gpu0-mem", "dram0", 300L + 100 + 400 + 100 + 90, 300L + 100 + 400 + 100 + 100, 25 * GB },

        // dram0 -90/100-> cpu0 -20-> cxl-switch0 (+100) -80/90-> cxl0; min(80, 64, 64, 28)
        new object[] { "dram-cxl", "dram0", "cxl0", 90L + 20 + 100 + 80, 100L + 20 + 100 + 90, 28 * GB },

        // Migrations are not initiators, so they may cross nvlink: gpu0-mem -300-> gpu0 -50-> nvlink (+100) -50-> gpu1 -300-> gpu1-mem
        new object[] { "numa2-gpu2-nvlink", "gpu0-mem", "gpu1-mem", 300L + 50 + 100 + 50 + 300, 300L + 50 + 100 + 50 + 300, 300 * GB },
        new object[] { "numa2-gpu2-nvlink", "dram0", "dram1", 90L + 60 + 90, 100L + 60 + 100, 40 * GB },

        // fast -80-> cpu0 -250/300-> slow; min(200, 20)
        new object[] { "two-tier", "fast", "slow", 80L + 250, 80L + 300, 20 * GB },
        new object[] { "two-tier", "slow", "fast", 250L + 80, 300L + 80, 20 * GB },
    ];

    // preset, initiator, targets best first.
    private static readonly object[] Preferences =
    [
        new object[] { "cpu-gpu-pcie", "cpu0", new[] { "dram0", "gpu0-mem" } },
        new object[] { "cpu-gpu-pcie", "gpu0", new[] { "gpu0-mem", "dram0" } },
        new object[] { "dram-cxl", "cpu0", new[] { "dram0", "cxl0" } },
        new object[] { "dram-hbm-pmem", "cpu0", new[] { "hbm0", "dram0", "pmem0" } },
        new object[] { "numa2-gpu2-nvlink", "cpu0", new[] { "dram0", "dram1", "gpu0-mem", "gpu1-mem" } }, // 90, 150, 900, 960
        new object[] { "numa2-gpu2-nvlink", "cpu1", new[] { "dram1", "dram0", "gpu1-mem", "gpu0-mem" } },
        new object[] { "numa2-gpu2-nvlink", "gpu0", new[] { "gpu0-mem", "gpu1-mem", "dram0", "dram1" } }, // 300, 500, 690, 750
        new object[] { "numa2-gpu2-nvlink", "gpu1", new[] { "gpu1-mem", "gpu0-mem", "dram1", "dram0" } },
        new object[] { "two-tier", "cpu0", new[] { "fast", "slow" } },
    ];

    [TestCaseSource(nameof(AccessPaths))]
    public void Access_path_latency_adds_up_and_bandwidth_is_the_minimum(string preset, string initiator, string target, long readLatencyNs, long writeLatencyNs, long readBandwidth, long writeBandwidth)
    {
        var binding = Topologies.Preset(preset).Bind([1]);

        var path = binding.AccessPath(binding.InitiatorIndex(initiator), binding.TargetIndex(target));

        Assert.That(path.IsReachable, Is.True);
        Assert.That(path.ReadLatencyNs, Is.EqualTo(readLatencyNs));
        Assert.That(path.WriteLatencyNs, Is.EqualTo(writeLatencyNs));
        Assert.That(path.ReadBandwidthBytesPerSec, Is.EqualTo(readBandwidth));
        Assert.That(path.WriteBandwidthBytesPerSec, Is.EqualTo(writeBandwidth));
    }

    [TestCaseSource(nameof(MigrationPaths))]
    public void Migration_path_between_targets_adds_up_latencies_and_takes_the_minimum_bandwidth(string preset, string from, string to, long readLatencyNs, long writeLatencyNs, long writeBandwidth)
    {
        var binding = Topologies.Preset(preset).Bind([1]);

        var path = binding.MigrationPath(binding.TargetIndex(from), binding.TargetIndex(to));

        Assert.That(path.IsReachable, Is.True);
        Assert.That(path.ReadLatencyNs, Is.EqualTo(readLatencyNs));
        Assert.That(path.WriteLatencyNs, Is.EqualTo(writeLatencyNs));
        Assert.That(path.WriteBandwidthBytesPerSec, Is.EqualTo(writeBandwidth));
    }

    [TestCaseSource(nameof(Preferences))]
    public void Preference_order_starts_with_the_best_target(string preset, string initiator, string[] expected)
    {
        var binding = Topologies.Preset(preset).Bind([1]);

        var order = binding.PreferenceOrder(binding.InitiatorIndex(initiator)).Select(t => binding.Machine.Targets[t].Name);

        Assert.That(order, Is.EqualTo(expected));
    }

    [TestCase("cpu-gpu-pcie")]
    [TestCase("dram-cxl")]
    [TestCase("dram-hbm-pmem")]
    [TestCase("numa2-gpu2-nvlink")]
    [TestCase("two-tier")]
    public void Every_pair_of_a_preset_is_reachable(string preset)
    {
        var binding = Topologies.Preset(preset).Bind([1]);
        var machine = binding.Machine;

        for (var i = 0; i < machine.Initiators.Count; i++)
        {
            for (var t = 0; t < machine.Targets.Count; t++)
            {
                Assert.That(binding.AccessPath(i, t).IsReachable, Is.True, $"{machine.Initiators[i].Name} -> {machine.Targets[t].Name}");
            }
        }
    }

    [Test]
    public void A_path_lists_its_hops_from_the_source()
    {
        var binding = Topologies.Preset("numa2-gpu2-nvlink").Bind([1]);

        var path = binding.AccessPath(binding.InitiatorIndex("gpu0"), binding.TargetIndex("gpu1-mem"));

        Assert.That(path.Hops, Is.EqualTo(new[] { "gpu0", "nvlink", "gpu1", "gpu1-mem" }));
    }

    [Test]
    public void A_target_migrates_to_itself_for_free()
    {
        var binding = Topologies.Preset("two-tier").Bind([1]);
        var fast = binding.TargetIndex("fast");

        var path = binding.MigrationPath(fast, fast);

        Assert.That(path.TransferNs(1 << 20, write: true), Is.Zero);
    }

    [Test]
    public void Preset_machine_constants_are_read()
    {
        var machine = Topologies.Preset("cpu-gpu-pcie");

        Assert.That(machine.PageSizeBytes, Is.EqualTo(4096));
        Assert.That(machine.MigrationRequestOverheadNs, Is.EqualTo(10_000));
        Assert.That(machine.MigrationPageOverheadNs, Is.EqualTo(200));
        Assert.That(machine.Targets.Select(t => t.CapacityBytes), Is.EqualTo(new[] { 64L << 30, 16L << 30 }));
    }
}
