using HmsTrace.Engine.Policies;
using HmsTrace.Engine.Results;
using HmsTrace.Engine.Tests.Support;
using HmsTrace.Policy;
using HmsTrace.Traces;
using HmsTrace.Traces.Generators;
using static HmsTrace.Engine.Tests.Support.Trace;

namespace HmsTrace.Engine.Tests.Policies;

/// <summary>
/// The CPU–GPU ping-pong pattern (mmap a buffer, CPU phase, GPU phase, CPU phase) under
/// migrate-on-fault on cpu-gpu-pcie: each phase pulls the buffer to its initiator chunk by chunk.
/// </summary>
public sealed class MigrateOnFaultPolicyTests
{
    private const long GB = Machines.GB;
    private const long Pages = 4;
    private const long ChunkPages = 2;
    private const long Chunks = Pages / ChunkPages;
    private const long ChunkBytes = ChunkPages * 4096;

    // Accesses (page-sized reads), from cpu-gpu-pcie.json.
    private const long CpuDramNs = 90 + 41;   // cpu0 -> dram0: 90 ns + ceil(4096 B / 100 GB/s = 40.96)
    private const long GpuMemNs = 300 + 5;    // gpu0 -> gpu0-mem: 300 ns + ceil(4096 B / 900 GB/s = 4.55)

    // A chunk migration either way: request 10 µs + 200 ns per page + write latency of the path
    // (dram0 -100- cpu0 -100- pcie0 (400) -100- gpu0 -300- gpu0-mem = 1000 ns, both directions)
    // + ceil(8192 B / 25 GB/s = 327.68).
    private const long ChunkMigrationNs = 10_000 + (ChunkPages * 200) + 1000 + 328;

    private static readonly ReplayOptions Options = new()
    {
        Parameters = new Dictionary<string, string> { ["chunk_pages"] = ChunkPages.ToString(System.Globalization.CultureInfo.InvariantCulture) },
    };

    [Test]
    public void The_buffer_follows_each_phase_and_every_return_is_a_ping_pong()
    {
        const ulong buffer = 0x7f00_0000_0000;
        var records = new List<TraceRecord> { Mmap(0, buffer, (ulong)(Pages * 4096)) };
        var t = 1L;
        foreach (var initiator in new ushort[] { 0, 1, 0 })
        {
            for (ulong page = 0; page < Pages; page++)
            {
                records.Add(Read(t++, buffer + (page * PageSize), PageSize, initiator));
            }
        }

        var replay = new Replay(Machines.Preset("cpu-gpu-pcie"), new MigrateOnFaultPolicy(), Options, "cpu0", "gpu0");
        var totals = replay.Run([.. records]);

        AssertPingPongTotals(totals);
        Assert.That(TransferNs(ChunkBytes, 25 * GB), Is.EqualTo(328));
        var startPage = buffer / PageSize;
        Assert.That(replay.Output.Migrations.Select(m => (m.StartAddress / PageSize - startPage, m.From, m.To, m.Reason, m.Outcome, m.PagesMoved, m.CostNs, m.PingPong)), Is.EqualTo(new[]
        {
            (0UL, "dram0", "gpu0-mem", MigrationReason.Fault, MigrationOutcome.Moved, ChunkPages, ChunkMigrationNs, false),
            (2UL, "dram0", "gpu0-mem", MigrationReason.Fault, MigrationOutcome.Moved, ChunkPages, ChunkMigrationNs, false),
            (0UL, "gpu0-mem", "dram0", MigrationReason.Fault, MigrationOutcome.Moved, ChunkPages, ChunkMigrationNs, true),
            (2UL, "gpu0-mem", "dram0", MigrationReason.Fault, MigrationOutcome.Moved, ChunkPages, ChunkMigrationNs, true),
        }));
        Assert.That(replay.Output.Epochs.Select(r => (r.Initiator, r.Target, r.Accesses, r.Hits, r.ResidentBytes)), Is.EqualTo(new[]
        {
            ("cpu0", "dram0", 2 * Pages, Pages / 2, Pages * 4096),
            ("gpu0", "gpu0-mem", Pages, Pages / 2, 0L),
        }));
    }

    [Test]
    public void The_pingpong_generator_gives_the_same_numbers()
    {
        var options = new PingPongOptions
        {
            BufferBytes = Pages * 4096,
            Phases = 3,
            AccessesPerPhase = Pages,
            AccessSizeBytes = 4096,
            ReadFraction = 1.0,
            UnmapAtEnd = false,
        };
        using var trace = TraceGenerator.Open(options);
        var records = new TraceRecord[(int)trace.Header.RecordCount!.Value];
        Assert.That(trace.Read(records), Is.EqualTo(records.Length));

        var replay = new Replay(Machines.Preset("cpu-gpu-pcie"), new MigrateOnFaultPolicy(), Options, [.. trace.Header.Initiators]);
        var totals = replay.Run(records);

        // 1 mmap + 3 phases × (1 marker + 4 accesses)
        Assert.That(totals.Records, Is.EqualTo(1 + (3 * (1 + Pages))));
        AssertPingPongTotals(totals);
    }

    [Test]
    public void A_chunk_larger_than_the_buffer_moves_only_the_mapped_pages()
    {
        var options = Options with { Parameters = new Dictionary<string, string> { ["chunk_pages"] = "8" } };
        var replay = new Replay(Machines.Preset("cpu-gpu-pcie"), new MigrateOnFaultPolicy(), options, "cpu0", "gpu0");

        // Pages 2..5 mapped; the gpu0 fault on page 2 asks for the chunk [0, 8).
        var totals = replay.Run(
            Mmap(0, Page(2), 4 * PageSize),
            Write(1, Page(2), 4 * PageSize, initiator: 0),
            ReadPage(2, 2, initiator: 1));

        // 4 pages in one extent: 10 µs + 4 × 200 ns + 1000 ns + ceil(16384 B / 25 GB/s = 655.36)
        const long expectedNs = 10_000 + (4 * 200) + 1000 + 656;
        Assert.That(replay.Output.Migrations.Single(), Is.EqualTo(new MigrationRow(2, 0, 2, 1, 0, Page(8), 8, "dram0", "gpu0-mem", MigrationReason.Fault, MigrationOutcome.Moved, 4, 0, expectedNs, false)));
        Assert.That(totals.BytesMigrated, Is.EqualTo(4 * 4096));
    }

    private static void AssertPingPongTotals(RunTotals totals)
    {
        // CPU phase: 4 first touches on dram0. GPU phase: the first page of each chunk faults and
        // pulls the chunk to gpu0-mem (miss, charged the migration), the second hits. The last CPU
        // phase does the same back to dram0, and each chunk returns to where it was: a ping-pong.
        const long cpuFirstPhaseNs = Pages * CpuDramNs;
        const long gpuPhaseNs = (Pages * GpuMemNs) + (Chunks * ChunkMigrationNs);
        const long cpuLastPhaseNs = (Pages * CpuDramNs) + (Chunks * ChunkMigrationNs);
        Assert.That(totals.Accesses, Is.EqualTo(3 * Pages));
        Assert.That(totals.FirstTouches, Is.EqualTo(Pages));
        Assert.That(totals.Hits, Is.EqualTo(2 * (Pages - Chunks)));
        Assert.That(totals.MigrationsRequested, Is.EqualTo(2 * Chunks));
        Assert.That(totals.MigrationsMoved, Is.EqualTo(2 * Chunks));
        Assert.That(totals.BytesMigrated, Is.EqualTo(2 * Chunks * ChunkBytes));
        Assert.That(totals.PingPongs, Is.EqualTo(Chunks));
        Assert.That(totals.MigrationNs, Is.EqualTo(2 * Chunks * ChunkMigrationNs));
        Assert.That(totals.ModeledNs, Is.EqualTo(cpuFirstPhaseNs + gpuPhaseNs + cpuLastPhaseNs));
    }
}
