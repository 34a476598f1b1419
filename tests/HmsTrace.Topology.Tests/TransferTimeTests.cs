namespace HmsTrace.Topology.Tests;

public sealed class TransferTimeTests
{
    [TestCase(0UL, 1_000_000_000L, 0L)]
    [TestCase(1UL, 1_000_000_000L, 1L)] // 1 B at 1 GB/s = 1 ns exactly
    [TestCase(1UL, 2_000_000_000L, 1L)] // 0.5 ns rounds up
    [TestCase(4096UL, 100_000_000_000L, 41L)] // 40.96 ns rounds up
    [TestCase(4096UL, 4_096_000_000L, 1000L)] // exact, no rounding
    [TestCase(4097UL, 4_096_000_000L, 1001L)] // 1000.244 ns rounds up
    [TestCase(64UL, 3_000_000_000L, 22L)] // 21.33 ns rounds up
    public void Transfer_time_is_bytes_over_bandwidth_rounded_up(ulong bytes, long bandwidth, long expectedNs)
    {
        Assert.That(TransferTime.Ns(bytes, bandwidth), Is.EqualTo(expectedNs));
    }

    [Test]
    public void Unlimited_bandwidth_costs_nothing()
    {
        Assert.That(TransferTime.Ns(1UL << 40, long.MaxValue), Is.Zero);
    }

    [Test]
    public void Huge_transfers_use_wide_arithmetic_without_overflow()
    {
        // From 2^34 bytes on, bytes × 1e9 no longer fits in 64 bits.
        const ulong bytes = (1UL << 34) + 1;
        const long bandwidth = 3_000_000_000;

        // ceil((2^34 + 1) / 3): 2^34 ≡ 1 (mod 3), so 2^34 + 1 ≡ 2 and the ceiling is (2^34 + 2) / 3.
        const long expected = ((1L << 34) + 2) / 3;
        Assert.That(TransferTime.Ns(bytes, bandwidth), Is.EqualTo(expected));
    }

    [Test]
    public void A_path_transfer_adds_the_latency_of_the_direction()
    {
        var path = new TopologyPath(true, ReadLatencyNs: 90, WriteLatencyNs: 100, ReadBandwidthBytesPerSec: 100 * Topologies.GB, WriteBandwidthBytesPerSec: 80 * Topologies.GB, ["cpu0", "dram0"]);

        // read: 90 + ceil(4096 / 100) = 90 + 41; write: 100 + ceil(4096 / 80) = 100 + ceil(51.2) = 100 + 52
        Assert.That(path.TransferNs(4096, write: false), Is.EqualTo(90 + 41));
        Assert.That(path.TransferNs(4096, write: true), Is.EqualTo(100 + 52));
    }

    [Test]
    public void An_unreachable_path_refuses_to_give_a_cost()
    {
        Assert.Throws<InvalidOperationException>(() => TopologyPath.Unreachable.TransferNs(1, write: false));
    }
}
