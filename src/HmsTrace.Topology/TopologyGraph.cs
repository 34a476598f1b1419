namespace HmsTrace.Topology;

/// <summary>
/// The vertex/edge view used to compute paths. Vertices are initiators, targets and bridges of the
/// declared versions; edges are the usable links. Targets end paths (memory does not route);
/// initiators and bridges may be crossed, a bridge only by the initiators it lists. Paths minimise
/// read latency; two different minimal paths to the same vertex make the topology ambiguous.
/// </summary>
internal sealed class TopologyGraph
{
    private readonly MachineTopology _machine;
    private readonly int _ni;
    private readonly int _nt;
    private readonly int _nb;
    private readonly List<(int To, int Link)>[] _adjacent;
    private readonly bool[] _usable;

    public TopologyGraph(MachineTopology machine, IReadOnlySet<int> versions)
    {
        _machine = machine;
        _ni = machine.Initiators.Count;
        _nt = machine.Targets.Count;
        _nb = machine.Bridges.Count;
        var n = _ni + _nt + _nb;
        _adjacent = new List<(int, int)>[n];
        _usable = new bool[n];
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _ni; i++)
        {
            byName[machine.Initiators[i].Name] = i;
            _usable[i] = versions.Contains(machine.Initiators[i].Id.Version);
        }

        for (var t = 0; t < _nt; t++)
        {
            byName[machine.Targets[t].Name] = _ni + t;
            _usable[_ni + t] = versions.Contains(machine.Targets[t].Id.Version);
        }

        for (var b = 0; b < _nb; b++)
        {
            byName[machine.Bridges[b].Name] = _ni + _nt + b;
            _usable[_ni + _nt + b] = versions.Contains(machine.Bridges[b].Id.Version);
        }

        for (var v = 0; v < n; v++)
        {
            _adjacent[v] = [];
        }

        for (var l = 0; l < machine.Links.Count; l++)
        {
            var link = machine.Links[l];
            if (!versions.Contains(link.Id.Version))
            {
                continue;
            }

            var a = byName[link.From];
            var b = byName[link.To];
            if (_usable[a] && _usable[b])
            {
                _adjacent[a].Add((b, l));
                _adjacent[b].Add((a, l));
            }
        }
    }

    /// <summary>Paths from initiator <paramref name="initiator"/> to every target (index = target index).</summary>
    public TopologyPath[] FromInitiator(int initiator)
    {
        var name = _machine.Initiators[initiator].Name;
        return Run(initiator, name, fromTarget: false, $"initiator '{name}'");
    }

    /// <summary>Paths from target <paramref name="target"/> to every target (migration paths).</summary>
    public TopologyPath[] FromTarget(int target)
    {
        var name = _machine.Targets[target].Name;
        var result = Run(_ni + target, name, fromTarget: true, $"target '{name}'");
        result[target] = TopologyPath.Self(name);
        return result;
    }

    private TopologyPath[] Run(int source, string sourceName, bool fromTarget, string what)
    {
        var n = _adjacent.Length;
        var latency = new long[n];
        var writeLatency = new long[n];
        var readBw = new long[n];
        var writeBw = new long[n];
        var ways = new int[n];
        var previous = new int[n];
        var done = new bool[n];
        Array.Fill(latency, long.MaxValue);
        Array.Fill(previous, -1);
        latency[source] = 0;
        readBw[source] = long.MaxValue;
        writeBw[source] = long.MaxValue;
        ways[source] = 1;
        while (true)
        {
            var u = -1;
            for (var v = 0; v < n; v++)
            {
                if (!done[v] && latency[v] != long.MaxValue && (u < 0 || latency[v] < latency[u]))
                {
                    u = v;
                }
            }

            if (u < 0)
            {
                break;
            }

            done[u] = true;
            var isTarget = u >= _ni && u < _ni + _nt;
            if (u != source && (isTarget || !CanCross(u, sourceName, fromTarget)))
            {
                continue;
            }

            foreach (var (v, l) in _adjacent[u])
            {
                if (done[v])
                {
                    continue;
                }

                var link = _machine.Links[l];
                var bridgeLatency = 0L;
                var bridgeBw = long.MaxValue;
                if (v >= _ni + _nt)
                {
                    var bridge = _machine.Bridges[v - _ni - _nt];
                    bridgeLatency = bridge.LatencyNs;
                    bridgeBw = bridge.BandwidthBytesPerSec;
                }

                var candidate = latency[u] + link.ReadLatencyNs + bridgeLatency;
                if (candidate < latency[v])
                {
                    latency[v] = candidate;
                    writeLatency[v] = writeLatency[u] + link.WriteLatencyNs + bridgeLatency;
                    readBw[v] = Math.Min(Math.Min(readBw[u], link.ReadBandwidthBytesPerSec), bridgeBw);
                    writeBw[v] = Math.Min(Math.Min(writeBw[u], link.WriteBandwidthBytesPerSec), bridgeBw);
                    ways[v] = ways[u];
                    previous[v] = u;
                }
                else if (candidate == latency[v])
                {
                    ways[v] = Math.Min(2, ways[v] + ways[u]);
                }
            }
        }

        var result = new TopologyPath[_nt];
        for (var t = 0; t < _nt; t++)
        {
            var v = _ni + t;
            if (latency[v] == long.MaxValue || !_usable[v])
            {
                result[t] = TopologyPath.Unreachable;
                continue;
            }

            if (ways[v] > 1)
            {
                throw new TopologyException("$.links", $"two different paths of equal latency ({latency[v]} ns) lead from {what} to target '{_machine.Targets[t].Name}', so its cost is ambiguous; remove a link or make the latencies differ");
            }

            result[t] = new TopologyPath(true, latency[v], writeLatency[v], readBw[v], writeBw[v], Hops(previous, v));
        }

        return result;
    }

    private bool CanCross(int vertex, string sourceName, bool fromTarget)
    {
        if (vertex < _ni)
        {
            return true;
        }

        var bridge = _machine.Bridges[vertex - _ni - _nt];
        if (fromTarget || bridge.Initiators.Count == 0)
        {
            return true;
        }

        foreach (var allowed in bridge.Initiators)
        {
            if (string.Equals(allowed, sourceName, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private string[] Hops(int[] previous, int v)
    {
        var hops = new List<string>();
        for (var x = v; x >= 0; x = previous[x])
        {
            hops.Add(NameOf(x));
        }

        hops.Reverse();
        return [.. hops];
    }

    private string NameOf(int v) => v < _ni
        ? _machine.Initiators[v].Name
        : v < _ni + _nt ? _machine.Targets[v - _ni].Name : _machine.Bridges[v - _ni - _nt].Name;
}
