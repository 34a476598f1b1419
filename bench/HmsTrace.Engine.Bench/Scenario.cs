using System.Diagnostics;
using HmsTrace.Engine.Policies;
using HmsTrace.Engine.Results;
using HmsTrace.Policy;
using HmsTrace.Topology;
using HmsTrace.Traces;
using HmsTrace.Traces.Generators;

namespace HmsTrace.Engine.Bench;

/// <summary>
/// The engine alone (no decoding from disk, no Parquet): a generated trace streamed in batches
/// through a <see cref="ReplayEngine"/> whose rows are counted and dropped.
/// </summary>
public static class Scenario
{
    /// <summary>A two-tier machine whose fast tier holds <paramref name="fastPages"/> 4 KiB pages.</summary>
    public static MachineTopology TwoTier(long fastPages) => TopologyLoader.Parse(System.Text.Encoding.UTF8.GetBytes($$"""
        { "name": "bench-two-tier",
          "targets": [
            { "id": "v1-0-target", "name": "fast", "kind": "dram", "capacity": {{fastPages * 4096}} },
            { "id": "v1-1-target", "name": "slow", "kind": "cxl", "capacity": "64TiB" } ],
          "initiators": [ { "id": "v1-0-initiator", "name": "cpu0", "kind": "cpu" } ],
          "links": [
            { "id": "v1-0-link", "from": "cpu0", "to": "fast", "latencyNs": 80, "bandwidth": "200GB/s" },
            { "id": "v1-1-link", "from": "cpu0", "to": "slow", "latencyNs": 250, "bandwidth": "30GB/s" } ] }
        """), "bench");

    /// <summary>A zipf page trace: one 64-byte access per record over <paramref name="pages"/> pages.</summary>
    public static WorkloadOptions Zipf(long accesses, long pages)
        => Workloads.Find("zipf")!.Parse([new("accesses", accesses.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("footprint-pages", pages.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

    /// <summary>Replays <paramref name="trace"/> and returns records, wall time and totals.</summary>
    public static (long Records, TimeSpan Elapsed, RunTotals Totals) Run(WorkloadOptions trace, MachineTopology machine, PlacementPolicy policy, long epochNs = 10_000_000)
    {
        using var reader = TraceGenerator.Open(trace);
        var engine = new ReplayEngine(machine, policy, new ReplayOptions { EpochNs = epochNs, RangeSnapshotEvery = 0 }, new CountingOutput());
        var buffer = new TraceRecord[65_536];
        var clock = Stopwatch.StartNew();
        long records = 0;
        int n;
        while ((n = reader.Read(buffer)) > 0)
        {
            engine.Process(buffer.AsSpan(0, n), reader.Header.Initiators);
            records += n;
        }

        var totals = engine.Finish();
        return (records, clock.Elapsed, totals);
    }

    /// <summary>Whether to print the elapsed time every 2 M records (environment variable <c>HMSTRACE_BENCH_PROGRESS</c>), to see the warm-up apart from the steady state.</summary>
    private static readonly bool Progress = Environment.GetEnvironmentVariable("HMSTRACE_BENCH_PROGRESS") is not null;

    /// <summary>Replays records already in memory (the engine alone, without the generator's cost).</summary>
    public static (long Records, TimeSpan Elapsed, RunTotals Totals) Run((TraceRecord[] Records, IReadOnlyList<string> Initiators) trace, MachineTopology machine, PlacementPolicy policy, long epochNs = 10_000_000)
    {
        var engine = new ReplayEngine(machine, policy, new ReplayOptions { EpochNs = epochNs, RangeSnapshotEvery = 0 }, new CountingOutput());
        var clock = Stopwatch.StartNew();
        const int Batch = 65_536;
        for (var i = 0; i < trace.Records.Length; i += Batch)
        {
            engine.Process(trace.Records.AsSpan(i, Math.Min(Batch, trace.Records.Length - i)), trace.Initiators);
            if (Progress && i % (Batch * 32) == 0)
            {
                Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"  after {i:N0} records: {clock.Elapsed.TotalSeconds:0.000} s"));
            }
        }

        var totals = engine.Finish();
        return (trace.Records.Length, clock.Elapsed, totals);
    }

    /// <summary>Generates <paramref name="trace"/> into memory.</summary>
    public static (TraceRecord[] Records, IReadOnlyList<string> Initiators) Materialize(WorkloadOptions trace)
    {
        using var reader = TraceGenerator.Open(trace);
        var all = new List<TraceRecord>();
        var buffer = new TraceRecord[65_536];
        int n;
        while ((n = reader.Read(buffer)) > 0)
        {
            all.AddRange(buffer.AsSpan(0, n));
        }

        return (all.ToArray(), reader.Header.Initiators);
    }

    /// <summary>Builds the next-use index for <see cref="OptimalPolicy"/>.</summary>
    public static NextUseIndex NextUse(WorkloadOptions trace, MachineTopology machine)
    {
        using var reader = TraceGenerator.Open(trace);
        return NextUseIndex.Build(reader, machine);
    }

    private sealed class CountingOutput : IReplayOutput
    {
        public long Rows { get; private set; }

        public void Epoch(in EpochRow row) => Rows++;

        public void Migration(in MigrationRow row) => Rows++;

        public void Range(in RangeRow row) => Rows++;
    }
}
