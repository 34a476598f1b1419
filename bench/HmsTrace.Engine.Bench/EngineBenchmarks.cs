using BenchmarkDotNet.Attributes;
using HmsTrace.Engine.Policies;
using HmsTrace.Topology;
using HmsTrace.Traces.Generators;

namespace HmsTrace.Engine.Bench;

/// <summary>Engine throughput on a 1 M-access zipf page trace over 100 k pages, fast tier 10 %.</summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private WorkloadOptions _trace = null!;
    private MachineTopology _machine = null!;
    private NextUseIndex _index = null!;

    [GlobalSetup]
    public void Setup()
    {
        _trace = Scenario.Zipf(1_000_000, 100_000);
        _machine = Scenario.TwoTier(10_000);
        _index = Scenario.NextUse(_trace, _machine);
    }

    [Benchmark(Baseline = true)]
    public long FirstTouch() => Scenario.Run(_trace, _machine, new FirstTouchPolicy()).Totals.Hits;

    [Benchmark]
    public long Lru() => Scenario.Run(_trace, _machine, new LruPolicy()).Totals.Hits;

    [Benchmark]
    public long Optimal() => Scenario.Run(_trace, _machine, new OptimalPolicy(_index)).Totals.Hits;
}
