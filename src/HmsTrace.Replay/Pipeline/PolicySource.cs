using HmsTrace.Engine.Policies;
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
    /// <c>optimal</c>): creates the instance from the trace to read ahead and the machine the
    /// replay runs on. When set, replays and sweeps use it instead of <see cref="Create"/>. Default null.
    /// </summary>
    public Func<PolicyTrace, MachineTopology, PlacementPolicy>? CreateForTrace { get; init; }

    /// <summary>A source for a policy that needs a look at the whole trace first (see <see cref="CreateForTrace"/>).</summary>
    public static PolicySource ForTrace(string name, string sha256, Func<PolicyTrace, MachineTopology, PlacementPolicy> create)
        => new(name, sha256, () => throw new InvalidOperationException($"policy '{name}' needs the trace: create it with {nameof(CreateForTrace)}"))
        {
            CreateForTrace = create,
        };

    /// <summary>
    /// A built-in policy by name (<see cref="BuiltInPolicies.Names"/>), or null for another name.
    /// <c>optimal</c> builds its pre-pass when a replay starts, and shares it through
    /// <paramref name="nextUse"/> (a new cache when null) with the source's other replays of the
    /// same records: a sweep over capacities reads each trace ahead once.
    /// </summary>
    public static PolicySource? BuiltIn(string name, NextUseIndexCache? nextUse = null)
    {
        var sha = RunIdentity.TextSha256($"builtin:{name}:{RunIdentity.EngineVersion}");
        if (BuiltInPolicies.NeedsNextUse(name))
        {
            var cache = nextUse ?? new NextUseIndexCache();
            return ForTrace(name, sha, (trace, machine) => new OptimalPolicy(cache.Get(trace.RecordsKey, machine, () =>
            {
                using var reader = trace.Open();
                return NextUseIndex.Build(reader, machine, trace.Source, trace.Progress);
            })));
        }

        return BuiltInPolicies.Create(name) is null ? null : new PolicySource(name, sha, () => BuiltInPolicies.Create(name)!);
    }
}

/// <summary>The trace a policy may read ahead of its replay.</summary>
/// <param name="Open">Opens the trace, as the replay reads it.</param>
/// <param name="Source">The trace's name for messages.</param>
/// <param name="RecordsKey">
/// Names the records <paramref name="Open"/> yields (the trace file and the options it is read
/// with), so that replays of the same records can share what is built from them; null when they
/// cannot be named (a job's own opener).
/// </param>
/// <param name="Progress">Hears how many records were read ahead so far (the replay's progress display), or null.</param>
public sealed record PolicyTrace(Func<ITraceReader> Open, string Source, string? RecordsKey, Action<long>? Progress = null);
