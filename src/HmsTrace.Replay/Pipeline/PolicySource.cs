using HmsTrace.Policy;
using HmsTrace.Topology;
using HmsTrace.Traces;

namespace HmsTrace.Replay.Pipeline;

/// <summary>
/// A policy ready to instantiate: its name (the <c>policy=</c> partition), the content hash that
/// identifies it in the <c>runs</c> table, and a factory (one fresh instance per replay).
/// </summary>
/// <param name="Name">Policy name, for example <c>lru</c>.</param>
/// <param name="Sha256">Lowercase hex SHA-256 of what defines the policy (script source, or built-in name and engine version).</param>
/// <param name="Create">Creates a new policy instance.</param>
public sealed record PolicySource(string Name, string Sha256, Func<PlacementPolicy> Create)
{
    /// <summary>
    /// For policies that must see the trace before it is replayed (an oracle such as
    /// <c>optimal</c>): creates the instance from a way to open the trace, the machine the replay
    /// runs on, and the trace's name for messages.
    /// When set, replays and sweeps use it instead of <see cref="Create"/>. Default null.
    /// </summary>
    public Func<Func<ITraceReader>, MachineTopology, string, PlacementPolicy>? CreateForTrace { get; init; }

    /// <summary>A source for a policy that needs a look at the whole trace first (see <see cref="CreateForTrace"/>).</summary>
    public static PolicySource ForTrace(string name, string sha256, Func<Func<ITraceReader>, MachineTopology, string, PlacementPolicy> create)
        => new(name, sha256, () => throw new InvalidOperationException($"policy '{name}' needs the trace: create it with {nameof(CreateForTrace)}"))
        {
            CreateForTrace = create,
        };
}
