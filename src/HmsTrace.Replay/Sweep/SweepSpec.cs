using HmsTrace.Engine;
using HmsTrace.Traces;

namespace HmsTrace.Replay.Sweep;

/// <summary>
/// What a sweep replays: every trace × topology × policy × point of the parameter grid. Inputs are
/// already resolved to files and policy sources (the command line expands folders and globs);
/// <see cref="SweepPlan.Create"/> puts them in a deterministic order. Immutable.
/// </summary>
public sealed record SweepSpec
{
    /// <summary>Trace files.</summary>
    public required IReadOnlyList<string> Traces { get; init; }

    /// <summary>Topology files.</summary>
    public required IReadOnlyList<string> Topologies { get; init; }

    /// <summary>Policies.</summary>
    public required IReadOnlyList<SweepPolicy> Policies { get; init; }

    /// <summary>
    /// Parameter axes. An axis named after a target of the topologies (<c>fast</c>) is a capacity axis,
    /// exactly as if it were in <see cref="Capacities"/>; every other axis is a policy parameter.
    /// </summary>
    public IReadOnlyList<SweepAxis> Parameters { get; init; } = [];

    /// <summary>
    /// Capacity axes: the axis name is a target name, each value a size (<c>1GiB</c>) or a percentage
    /// of the trace's footprint (<c>25%</c>). See <see cref="CapacitySetting"/>.
    /// </summary>
    public IReadOnlyList<SweepAxis> Capacities { get; init; } = [];

    /// <summary>How to read the traces.</summary>
    public TraceReadOptions TraceOptions { get; init; } = new();

    /// <summary>Engine options shared by every run (epoch, seed, fault mode); parameters come from the grid.</summary>
    public ReplayOptions Options { get; init; } = new();
}
