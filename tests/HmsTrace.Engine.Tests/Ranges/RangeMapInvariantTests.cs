using HmsTrace.Engine.Tests.Support;
using HmsTrace.Traces;

namespace HmsTrace.Engine.Tests.Ranges;

/// <summary>
/// Random operation sequences (seeded; the seed is printed on failure) keep the range maps
/// consistent after every record: see <see cref="ReplayEngine.CheckInvariants"/>.
/// </summary>
public sealed class RangeMapInvariantTests
{
    private const int Sequences = 300;
    private const int RecordsPerSequence = 200;
    private const int LongSequenceEvery = 30;
    private const int RecordsPerLongSequence = 1500;
    private const int SmallSpacePages = 48;
    private const int LargeSpacePages = 1024;

    // Small targets, so that capacity pressure, fallback, overcommit, quotas and allow-lists all happen.
    internal const string Machine = """
        {
          "name": "chaos",
          "targets": [
            { "id": "v1-0-target", "name": "fast", "kind": "dram", "capacity": "16KiB", "quotaPerProcess": "12KiB" },
            { "id": "v1-1-target", "name": "mid", "kind": "cxl", "capacity": "32KiB", "allowedProcesses": [1] },
            { "id": "v1-2-target", "name": "slow", "kind": "pmem", "capacity": "256KiB" },
            { "id": "v1-3-target", "name": "gmem", "kind": "gpu", "capacity": "24KiB" }
          ],
          "initiators": [
            { "id": "v1-0-initiator", "name": "cpu0", "kind": "cpu" },
            { "id": "v1-1-initiator", "name": "gpu0", "kind": "gpu" }
          ],
          "bridges": [ { "id": "v1-0-bridge", "name": "pcie0", "latencyNs": 400, "bandwidth": "25GB/s" } ],
          "links": [
            { "id": "v1-0-link", "from": "cpu0", "to": "fast", "latencyNs": 80, "bandwidth": "200GB/s" },
            { "id": "v1-1-link", "from": "cpu0", "to": "mid", "latencyNs": 150, "bandwidth": "60GB/s" },
            { "id": "v1-2-link", "from": "cpu0", "to": "slow", "latencyNs": 300, "bandwidth": "20GB/s" },
            { "id": "v1-3-link", "from": "gpu0", "to": "gmem", "latencyNs": 200, "bandwidth": "900GB/s" },
            { "id": "v1-4-link", "from": "gpu0", "to": "pcie0", "latencyNs": 100, "bandwidth": "32GB/s" },
            { "id": "v1-5-link", "from": "cpu0", "to": "pcie0", "latencyNs": 100, "bandwidth": "32GB/s" }
          ]
        }
        """;

    [TestCase(true)]
    [TestCase(false)]
    public void Range_maps_stay_sorted_merged_and_accounted_under_random_operations(bool pageTables)
    {
        var machine = Machines.Parse(Machine);
        long peakRanges = 0;
        for (var seed = 1; seed <= Sequences; seed++)
        {
            // Every tenth sequence is long and spread over a large address space, so that a
            // process holds more ranges than one chunk of the range map.
            var isLong = seed % LongSequenceEvery == 0;
            var totals = RunSequence(machine, seed, isLong ? RecordsPerLongSequence : RecordsPerSequence, isLong ? LargeSpacePages : SmallSpacePages, pageTables);
            peakRanges = Math.Max(peakRanges, totals.PeakRanges);
        }

        Assert.That(peakRanges, Is.GreaterThan(4 * Engine.Ranges.RangeMap.ChunkCapacity), $"peak {peakRanges}: the sequences exercise maps of several chunks");
    }

    private static Results.RunTotals RunSequence(Topology.MachineTopology machine, int seed, int records, int pages, bool pageTables)
    {
        var random = new Random(seed);
        var replay = new Replay(machine, new ChaosPolicy(seed, machine.Targets.Count), new ReplayOptions { EpochRecords = 5, PingPongWindowNs = 50 }, "cpu0", "gpu0");
        replay.Engine.PageTables = pageTables;
        var time = 0L;
        for (var step = 0; step < records; step++)
        {
            time += random.Next(0, 20);
            var record = RandomRecord(random, time, pages);
            try
            {
                replay.Process(record);
                replay.Engine.CheckInvariants();
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {seed}, step {step}, record {record}: {e}");
            }
        }

        var totals = replay.Finish();
        Assert.That(totals.Records, Is.EqualTo(records), $"seed {seed}");
        Assert.That(totals.Hits, Is.LessThanOrEqualTo(totals.Accesses), $"seed {seed}");
        Assert.That(totals.MigrationsMoved + totals.MigrationsPartial + totals.MigrationsFailed, Is.EqualTo(totals.MigrationsRequested), $"seed {seed}");
        return totals;
    }

    private static TraceRecord RandomRecord(Random random, long time, int pages)
    {
        // Process 1 maps implicitly (never mmaps); process 2 maps explicitly.
        var pid = (uint)random.Next(1, 3);
        var initiator = (ushort)random.Next(2);
        var page = (ulong)random.Next(pages);
        var offset = random.Next(4) == 0 ? (ulong)random.Next(4096) : 0;
        var address = (page * 4096) + offset;
        var size = (ulong)random.Next(1, 3 * 4096);
        var roll = random.Next(100);
        var operation = roll switch
        {
            < 45 => random.Next(2) == 0 ? TraceOperation.Read : TraceOperation.Write,
            < 53 => pid == 2 ? TraceOperation.Mmap : TraceOperation.Read,
            < 60 => TraceOperation.Munmap,
            < 67 => TraceOperation.Mremap,
            < 75 => TraceOperation.Hbind,
            < 85 => TraceOperation.Pin,
            < 95 => TraceOperation.Unpin,
            _ => TraceOperation.Marker,
        };
        var argument = operation switch
        {
            TraceOperation.Mremap => ((ulong)random.Next(pages) * 4096) + (random.Next(8) == 0 ? (ulong)random.Next(4096) : offset),
            TraceOperation.Hbind => (ulong)random.Next(1, 16),
            _ => 0UL,
        };
        return new TraceRecord(time, address, size, argument, pid, initiator, operation);
    }
}
