namespace HmsTrace.Topology;

/// <summary>
/// A topology as seen by one consumer: only objects of the versions it declared are usable, and
/// paths are computed over them. Indices are into <see cref="MachineTopology.Targets"/> and
/// <see cref="MachineTopology.Initiators"/>; an unusable object's paths are all unreachable.
/// Immutable and thread-safe.
/// </summary>
public sealed class TopologyBinding
{
    private readonly TopologyPath[] _access;
    private readonly TopologyPath[] _migration;
    private readonly int[][] _preference;

    internal TopologyBinding(MachineTopology machine, IReadOnlyCollection<int> versions)
    {
        Machine = machine;
        Versions = new HashSet<int>(versions);
        var graph = new TopologyGraph(machine, Versions);
        var nt = machine.Targets.Count;
        var ni = machine.Initiators.Count;
        var targetUsable = new bool[nt];
        var initiatorUsable = new bool[ni];
        for (var t = 0; t < nt; t++)
        {
            targetUsable[t] = Versions.Contains(machine.Targets[t].Id.Version);
        }

        for (var i = 0; i < ni; i++)
        {
            initiatorUsable[i] = Versions.Contains(machine.Initiators[i].Id.Version);
        }

        TargetUsable = targetUsable;
        InitiatorUsable = initiatorUsable;

        _access = new TopologyPath[ni * nt];
        for (var i = 0; i < ni; i++)
        {
            var row = InitiatorUsable[i] ? graph.FromInitiator(i) : null;
            for (var t = 0; t < nt; t++)
            {
                _access[(i * nt) + t] = row is null || !TargetUsable[t] ? TopologyPath.Unreachable : row[t];
            }
        }

        _migration = new TopologyPath[nt * nt];
        for (var a = 0; a < nt; a++)
        {
            var row = TargetUsable[a] ? graph.FromTarget(a) : null;
            for (var b = 0; b < nt; b++)
            {
                _migration[(a * nt) + b] = row is null || !TargetUsable[b] ? TopologyPath.Unreachable : row[b];
            }
        }

        for (var t = 0; t < nt; t++)
        {
            if (!TargetUsable[t])
            {
                continue;
            }

            var reachable = false;
            for (var i = 0; i < ni && !reachable; i++)
            {
                reachable = _access[(i * nt) + t].IsReachable;
            }

            if (!reachable)
            {
                throw new TopologyException($"$.targets[{t}]", $"target '{machine.Targets[t].Name}' cannot be reached by any initiator; add a link to it");
            }
        }

        _preference = new int[ni][];
        for (var i = 0; i < ni; i++)
        {
            _preference[i] = PreferenceOrder(i, nt);
            if (InitiatorUsable[i] && _preference[i].Length == 0)
            {
                // Its accesses could be served nowhere.
                throw new TopologyException($"$.initiators[{i}]", $"initiator '{machine.Initiators[i].Name}' cannot reach any target; add a link from it");
            }
        }
    }

    /// <summary>The enumeration this binding was made from.</summary>
    public MachineTopology Machine { get; }

    /// <summary>The object versions the consumer declared.</summary>
    public IReadOnlySet<int> Versions { get; }

    /// <summary>Per target: whether its version was declared.</summary>
    public IReadOnlyList<bool> TargetUsable { get; }

    /// <summary>Per initiator: whether its version was declared.</summary>
    public IReadOnlyList<bool> InitiatorUsable { get; }

    /// <summary>The path an access from <paramref name="initiator"/> to <paramref name="target"/> takes.</summary>
    public TopologyPath AccessPath(int initiator, int target) => _access[(initiator * Machine.Targets.Count) + target];

    /// <summary>The path a migration from <paramref name="from"/> to <paramref name="to"/> takes.</summary>
    public TopologyPath MigrationPath(int from, int to) => _migration[(from * Machine.Targets.Count) + to];

    /// <summary>
    /// Usable targets reachable from <paramref name="initiator"/>, best first: ascending read
    /// latency, then descending read bandwidth, then file order. The first is the initiator's best target.
    /// </summary>
    public IReadOnlyList<int> PreferenceOrder(int initiator) => _preference[initiator];

    /// <summary>Index of the target named <paramref name="name"/>, or -1.</summary>
    public int TargetIndex(string name)
    {
        for (var t = 0; t < Machine.Targets.Count; t++)
        {
            if (string.Equals(Machine.Targets[t].Name, name, StringComparison.Ordinal))
            {
                return t;
            }
        }

        return -1;
    }

    /// <summary>Index of the initiator named <paramref name="name"/>, or -1.</summary>
    public int InitiatorIndex(string name)
    {
        for (var i = 0; i < Machine.Initiators.Count; i++)
        {
            if (string.Equals(Machine.Initiators[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private int[] PreferenceOrder(int initiator, int nt)
    {
        var list = new List<int>();
        for (var t = 0; t < nt; t++)
        {
            if (_access[(initiator * nt) + t].IsReachable)
            {
                list.Add(t);
            }
        }

        list.Sort((a, b) =>
        {
            var pa = _access[(initiator * nt) + a];
            var pb = _access[(initiator * nt) + b];
            var c = pa.ReadLatencyNs.CompareTo(pb.ReadLatencyNs);
            if (c == 0)
            {
                c = pb.ReadBandwidthBytesPerSec.CompareTo(pa.ReadBandwidthBytesPerSec);
            }

            return c == 0 ? a.CompareTo(b) : c;
        });
        return [.. list];
    }
}
