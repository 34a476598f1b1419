using BenchmarkDotNet.Attributes;
using HmsTrace.Traces.Generators;

namespace HmsTrace.Traces.Bench;

/// <summary>Generation speed of each workload, in memory (no file): one operation is one record.</summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private const int Records = 4_000_000;
    private readonly TraceRecord[] _batch = new TraceRecord[16 * 1024];

    [ParamsSource(nameof(Workloads))]
    public string Workload { get; set; } = "zipf";

    public static IEnumerable<string> Workloads() => ["pingpong", "zipf", "stream", "phase-shift", "multi-tenant"];

    /// <summary>Options of about <see cref="Records"/> records for each workload.</summary>
    public static WorkloadOptions Options(string workload) => workload switch
    {
        "pingpong" => new PingPongOptions { Phases = 4, AccessesPerPhase = Records / 4 },
        "zipf" => new ZipfOptions { Accesses = Records },
        "stream" => new StreamOptions { ArrayBytes = 1 << 20, Iterations = Records / (131_072 * 10) },
        "phase-shift" => new PhaseShiftOptions { Accesses = Records },
        "multi-tenant" => new MultiTenantOptions { Accesses = Records, Exponent = 0.9 },
        _ => throw new ArgumentOutOfRangeException(nameof(workload)),
    };

    [Benchmark(OperationsPerInvoke = Records)]
    public long Generate()
    {
        using var trace = TraceGenerator.Open(Options(Workload));
        return BenchTraces.Drain(trace, _batch);
    }
}
