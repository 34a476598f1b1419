using HmsTrace.Topology;

namespace HmsTrace.Policy;

/// <summary>
/// The topology as a policy sees it: only the object versions the policy declared are usable;
/// others are absent from <see cref="PreferenceOrder"/> and unreachable. Immutable.
/// </summary>
public sealed class PolicyTopology
{
    private readonly TopologyBinding _binding;

    internal PolicyTopology(TopologyBinding binding)
    {
        _binding = binding;
        var targets = new TargetInfo[binding.Machine.Targets.Count];
        for (var t = 0; t < targets.Length; t++)
        {
            var x = binding.Machine.Targets[t];
            targets[t] = new TargetInfo(new TargetId(t), x.Id.ToString(), x.Name, x.Kind, x.CapacityBytes, binding.TargetUsable[t]);
        }

        var initiators = new InitiatorInfo[binding.Machine.Initiators.Count];
        for (var i = 0; i < initiators.Length; i++)
        {
            var x = binding.Machine.Initiators[i];
            initiators[i] = new InitiatorInfo(new InitiatorId(i), x.Id.ToString(), x.Name, x.Kind, binding.InitiatorUsable[i]);
        }

        Targets = targets;
        Initiators = initiators;
        PageSizeBytes = binding.Machine.PageSizeBytes;
    }

    /// <summary>All targets; those of undeclared versions have <see cref="TargetInfo.Usable"/> false.</summary>
    public IReadOnlyList<TargetInfo> Targets { get; }

    /// <summary>All initiators.</summary>
    public IReadOnlyList<InitiatorInfo> Initiators { get; }

    /// <summary>Page size in bytes.</summary>
    public long PageSizeBytes { get; }

    /// <summary>The initiator's usable targets, best (lowest latency) first.</summary>
    public IReadOnlyList<int> PreferenceOrder(InitiatorId initiator) => _binding.PreferenceOrder(initiator.Value);

    /// <summary>The initiator's best target, or <see cref="TargetId.None"/> if it reaches none.</summary>
    public TargetId BestTarget(InitiatorId initiator)
    {
        var order = _binding.PreferenceOrder(initiator.Value);
        return order.Count == 0 ? TargetId.None : new TargetId(order[0]);
    }

    /// <summary>Read latency from <paramref name="initiator"/> to <paramref name="target"/> in ns, or -1 when unreachable.</summary>
    public long LatencyNs(InitiatorId initiator, TargetId target)
    {
        var p = _binding.AccessPath(initiator.Value, target.Value);
        return p.IsReachable ? p.ReadLatencyNs : -1;
    }

    /// <summary>Finds a target by name, or returns <see cref="TargetId.None"/>.</summary>
    public TargetId FindTarget(string name)
    {
        var t = _binding.TargetIndex(name);
        return t >= 0 && _binding.TargetUsable[t] ? new TargetId(t) : TargetId.None;
    }

    /// <summary>Finds the first usable target of a kind, or returns <see cref="TargetId.None"/>.</summary>
    public TargetId FindTarget(TargetKind kind)
    {
        foreach (var t in Targets)
        {
            if (t.Kind == kind && t.Usable)
            {
                return t.Id;
            }
        }

        return TargetId.None;
    }
}
