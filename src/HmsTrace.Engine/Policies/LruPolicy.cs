using HmsTrace.Policy;

namespace HmsTrace.Engine.Policies;

/// <summary>
/// The fast tier as an LRU page cache: every touched page is brought into the initiator's best
/// target (first touch and misses migrate it there), and when that target is full the least
/// recently used page is demoted to the next target in the preference list. On a page trace it
/// gives exactly the miss ratio of an LRU cache of the fast tier's capacity in pages.
/// </summary>
public sealed class LruPolicy : PlacementPolicy, IPolicyLookAhead
{
    // An intrusive doubly linked list over one array of nodes (key and links together, so a relink
    // touches three nodes), found through an open-addressing index: no allocation per access.
    private readonly PageIndex _index = new();
    private Node[] _nodes = new Node[1024];
    private readonly Stack<int> _free = new();
    private int _used;
    private int _head = -1; // most recently used
    private int _tail = -1; // least recently used

    /// <inheritdoc />
    public override bool WantsEveryAccess => true;

    /// <inheritdoc />
    public override TargetId OnFirstTouch(FirstTouchContext context) => context.Topology.BestTarget(context.Initiator);

    /// <inheritdoc />
    public override void OnNonLocalAccess(AccessContext context)
    {
        var best = context.Topology.BestTarget(context.Initiator);
        if (best.IsSome)
        {
            context.Migrate(best);
        }
    }

    /// <inheritdoc />
    public override void OnAccess(AccessContext context)
    {
        if (context.Target != context.Topology.BestTarget(context.Initiator))
        {
            return;
        }

        for (var page = context.StartPage; page < context.EndPage; page++)
        {
            Touch(context.ProcessId, page);
        }
    }

    /// <inheritdoc />
    public override PressureDecision OnPressure(PressureContext context)
    {
        var needed = (context.NeededBytes + context.Topology.PageSizeBytes - 1) / context.Topology.PageSizeBytes;
        var to = Demotion(context.Topology, context.Target);
        if (!to.IsSome)
        {
            return PressureDecision.FallBack;
        }

        // Least recently used first; a page that cannot leave (pinned) stays cached where it is in
        // the recency order, and the next one is tried.
        var freed = 0L;
        var node = _tail;
        while (freed < needed && node >= 0)
        {
            var newer = _nodes[node].Prev;
            ref readonly var victim = ref _nodes[node];
            if (context.Demote(victim.Pid, victim.Page, victim.Page + 1, to))
            {
                Remove(node);
                freed++;
            }

            node = newer;
        }

        return freed >= needed ? PressureDecision.Retry : PressureDecision.FallBack;
    }

    /// <inheritdoc />
    public override void OnUnmap(UnmapContext context)
    {
        // Unmapped pages leave the cache; walking the list is proportional to the cache, not the trace.
        for (var node = _head; node >= 0;)
        {
            var next = _nodes[node].Next;
            var pid = _nodes[node].Pid;
            var page = _nodes[node].Page;
            if (pid == context.ProcessId && page >= context.StartPage && page < context.EndPage)
            {
                Remove(node);
            }

            node = next;
        }
    }

    /// <inheritdoc />
    void IPolicyLookAhead.PrefetchAccess(uint pid, ulong page, int step)
    {
        switch (step)
        {
            case 1:
                _index.Prefetch(pid, page);
                break;
            case 2:
                if (_index.TryGetValue(pid, page, out var node))
                {
                    Ranges.Prefetch.Value(ref _nodes[node]);
                }

                break;
            default:
                // A hit relinks the node between its neighbours.
                if (_index.TryGetValue(pid, page, out node))
                {
                    ref readonly var n = ref _nodes[node];
                    if (n.Prev >= 0)
                    {
                        Ranges.Prefetch.Value(ref _nodes[n.Prev]);
                    }

                    if (n.Next >= 0)
                    {
                        Ranges.Prefetch.Value(ref _nodes[n.Next]);
                    }
                }

                break;
        }
    }

    /// <inheritdoc />
    void IPolicyLookAhead.LookAhead(ReplayEngine engine)
    {
        // The tail goes next: its entry's neighbours are loaded; the ones after it are a step or more behind.
        var node = _tail;
        for (var step = ReplayEngine.VictimLookAheadSteps; step >= 1 && node >= 0; step--)
        {
            engine.PrefetchVictim(_nodes[node].Pid, _nodes[node].Page, step);
            if (step == ReplayEngine.VictimLookAheadSteps)
            {
                // The next victim also leaves the index.
                _index.Prefetch(_nodes[node].Pid, _nodes[node].Page);
            }

            node = _nodes[node].Prev;
        }
    }

    private static TargetId Demotion(PolicyTopology topology, TargetId full)
    {
        // The next target after the full one in the first initiator's preference order that can take data.
        var order = topology.PreferenceOrder(new InitiatorId(0));
        for (var i = 0; i < order.Count; i++)
        {
            if (order[i] == full.Value)
            {
                return i + 1 < order.Count ? new TargetId(order[i + 1]) : TargetId.None;
            }
        }

        return order.Count > 1 ? new TargetId(order[1]) : TargetId.None;
    }

    private void Touch(uint pid, ulong page)
    {
        if (_index.TryGetValue(pid, page, out var node))
        {
            if (node != _head)
            {
                Unlink(node);
                PushFront(node);
            }

            return;
        }

        node = _free.Count > 0 ? _free.Pop() : _used++;
        if (node >= _nodes.Length)
        {
            Array.Resize(ref _nodes, _nodes.Length * 2);
        }

        _nodes[node].Pid = pid;
        _nodes[node].Page = page;
        _index.Add(pid, page, node);
        PushFront(node);
    }

    private void Remove(int node)
    {
        Unlink(node);
        _index.Remove(_nodes[node].Pid, _nodes[node].Page);
        _free.Push(node);
    }

    private void PushFront(int node)
    {
        _nodes[node].Prev = -1;
        _nodes[node].Next = _head;
        if (_head >= 0)
        {
            _nodes[_head].Prev = node;
        }

        _head = node;
        if (_tail < 0)
        {
            _tail = node;
        }
    }

    private void Unlink(int node)
    {
        var p = _nodes[node].Prev;
        var n = _nodes[node].Next;
        if (p >= 0)
        {
            _nodes[p].Next = n;
        }
        else
        {
            _head = n;
        }

        if (n >= 0)
        {
            _nodes[n].Prev = p;
        }
        else
        {
            _tail = p;
        }
    }

    private struct Node
    {
        public ulong Page;
        public uint Pid;
        public int Prev;
        public int Next;
    }
}
