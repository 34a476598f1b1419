using BenchmarkDotNet.Attributes;
using HmsTrace.Traces.Generators;
using HmsTrace.Traces.Statistics;

namespace HmsTrace.Traces.Bench;

/// <summary>Speed of <see cref="TraceStatistics.Compute"/> over a generated zipf trace (generation included).</summary>
[MemoryDiagnoser]
public class StatisticsBenchmarks
{
    private const int Records = 4_000_000;

    [Benchmark(OperationsPerInvoke = Records)]
    public long ZipfStatistics()
    {
        using var trace = TraceGenerator.Open(new ZipfOptions { Accesses = Records });
        return TraceStatistics.Compute(trace).TouchedPages;
    }
}
