using HmsTrace.Policy;

namespace HmsTrace.Engine.Policies;

/// <summary>
/// Each initiator's best target as an LRU page cache: every touched page is brought into the
/// initiator's best target (first touch and misses migrate it there), and when that target is
/// full its least recently used page is demoted to the next target in the preference list of an
/// initiator whose best target it is (a GPU's memory demotes to system memory, a CPU's fast tier
/// to its slow one). Each such target keeps its own recency order, so on a page trace each gives
/// exactly the miss ratio of an LRU cache of its capacity in pages.
/// </summary>
public sealed class LruPolicy : PlacementPolicy, IPolicyLookAhead
{
    // An intrusive doubly linked list over one array of nodes (key and links together, so a relink
    // touches three nodes), found through an open-addressing index: no allocation per access.
    private readonly PageIndex _index = new();
    private Node[] _nodes = new Node[1024];
    private readonly Stack<int> _free = new();
    private int _used;

    // One recency list per target, by target index: most and least recently used node, or -1.
    private int[] _head = [];
    private int[] _tail = [];

    // The target of the last pressure hook: the look-ahead names its next victims.
    private int _pressured = -1;

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
        Tiers.CheckPerPage(context, "lru");
        var target = context.Target;
        if (target != context.Topology.BestTarget(context.Initiator))
        {
            ServedElsewhere(context);
            return;
        }

        if (target.Value >= _head.Length)
        {
            EnsureList(target.Value);
        }

        for (var page = context.StartPage; page < context.EndPage; page++)
        {
            Touch(context.ProcessId, page, target.Value);
        }
    }

    /// <inheritdoc />
    public override PressureDecision OnPressure(PressureContext context)
    {
        var needed = Tiers.Shortfall(context);
        var full = context.Target.Value;
        var to = Tiers.Demotion(context.Topology, context.Target);
        if (!to.IsSome || full >= _tail.Length)
        {
            return PressureDecision.FallBack;
        }

        // Least recently used first; a page that cannot leave (pinned) stays cached where it is in
        // the recency order, and the next one is tried.
        // A page demoted into another initiator's best target joins that target's list as its
        // least recently used page (a GPU's victim lands in the CPU's memory cold); else it leaves.
        _pressured = full;
        var joins = Tiers.IsSomeonesBest(context.Topology, to);
        var freed = 0L;
        var node = _tail[full];
        while (freed < needed && node >= 0)
        {
            var newer = _nodes[node].Prev;
            ref readonly var victim = ref _nodes[node];
            if (context.Demote(victim.Pid, victim.Page, victim.Page + 1, to))
            {
                if (joins)
                {
                    Unlink(node);
                    PushBack(node, to.Value);
                }
                else
                {
                    Remove(node);
                }

                freed++;
            }

            node = newer;
        }

        return freed >= needed ? PressureDecision.Retry : PressureDecision.FallBack;
    }

    /// <inheritdoc />
    public override void OnUnmap(UnmapContext context)
    {
        // Unmapped pages leave the cache.
        foreach (var node in NodesIn(context))
        {
            Remove(node);
        }
    }

    /// <inheritdoc />
    public override void OnRemap(UnmapContext context)
    {
        // The moved pages keep their places in the lists under their new numbers. Source and
        // destination may overlap, so every moved node leaves the index before any is added back.
        var moved = NodesIn(context);
        foreach (var node in moved)
        {
            _index.Remove(_nodes[node].Pid, _nodes[node].Page);
        }

        foreach (var node in moved)
        {
            ref var n = ref _nodes[node];
            n.Page = n.Page - context.StartPage + context.NewStartPage;
            _index.Add(n.Pid, n.Page, node);
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
        var node = _pressured >= 0 ? _tail[_pressured] : -1;
        for (var step = ReplayEngine.VictimLookAheadSteps; step >= 1 && node >= 0; step--)
        {
            engine.PrefetchVictim(_nodes[node].Pid, _nodes[node].Page, step);
            if (step == ReplayEngine.VictimLookAheadSteps)
            {
                // The next victim also leaves the index.
                _index.PrefetchRemoval(_nodes[node].Pid, _nodes[node].Page);
            }

            node = _nodes[node].Prev;
        }

        // The node after the last one named is the next call's new farthest victim: without this,
        // reading it would be a cache miss the whole look-ahead waits for.
        if (node >= 0)
        {
            Ranges.Prefetch.Value(ref _nodes[node]);
        }
    }

    /// <summary>Every page in the recency lists with the target whose list holds it, for tests.</summary>
    internal IEnumerable<(uint Pid, ulong Page, int Target)> CachedPages()
    {
        for (var target = 0; target < _head.Length; target++)
        {
            for (var node = _head[target]; node >= 0; node = _nodes[node].Next)
            {
                yield return (_nodes[node].Pid, _nodes[node].Page, target);
            }
        }
    }

    /// <summary>The nodes of the pages of <c>[StartPage, EndPage)</c> of the context's process.</summary>
    private List<int> NodesIn(UnmapContext context)
    {
        var nodes = new List<int>();
        foreach (var (pid, page) in PageKeys.In(context, _index.SlotCount, k => _index.TryGetValue(k.Pid, k.Page, out _), _index.Keys()))
        {
            _index.TryGetValue(pid, page, out var node);
            nodes.Add(node);
        }

        return nodes;
    }

    /// <summary>
    /// An access served from a target that is not the initiator's best (its migration found no
    /// room, or the first touch fell back): the pages stay where they are, and the lists follow
    /// them. On another initiator's best target they belong to that target's list: a page not in it
    /// joins it as its least recently used page, as a demoted page does. Off every best target
    /// (moved there by a forced migration) they belong to no list. Without this, a page that fell
    /// back into another initiator's memory would take room there that its LRU could never free.
    /// </summary>
    private void ServedElsewhere(AccessContext context)
    {
        var target = context.Target.Value;
        var cached = Tiers.IsSomeonesBest(context.Topology, context.Target);
        for (var page = context.StartPage; page < context.EndPage; page++)
        {
            if (_index.TryGetValue(context.ProcessId, page, out var node))
            {
                if (!cached)
                {
                    Remove(node);
                }
                else if (_nodes[node].Target != target)
                {
                    Unlink(node);
                    PushBack(node, target);
                }
            }
            else if (cached)
            {
                PushBack(NewNode(context.ProcessId, page), target);
            }
        }
    }

    /// <summary>Makes room for <paramref name="target"/>'s recency list.</summary>
    private void EnsureList(int target)
    {
        if (target < _head.Length)
        {
            return;
        }

        var grown = Math.Max(target + 1, _head.Length * 2);
        var from = _head.Length;
        Array.Resize(ref _head, grown);
        Array.Resize(ref _tail, grown);
        _head.AsSpan(from).Fill(-1);
        _tail.AsSpan(from).Fill(-1);
    }

    private void Touch(uint pid, ulong page, int target)
    {
        if (_index.TryGetValue(pid, page, out var node))
        {
            // A page another initiator's access brought to its own best target changes lists.
            if (node != _head[target])
            {
                Unlink(node);
                PushFront(node, target);
            }

            return;
        }

        PushFront(NewNode(pid, page), target);
    }

    /// <summary>A node for a page not in the lists, in the index but not yet linked.</summary>
    private int NewNode(uint pid, ulong page)
    {
        var node = _free.Count > 0 ? _free.Pop() : _used++;
        if (node >= _nodes.Length)
        {
            Array.Resize(ref _nodes, _nodes.Length * 2);
        }

        _nodes[node].Pid = pid;
        _nodes[node].Page = page;
        _index.Add(pid, page, node);
        return node;
    }

    private void Remove(int node)
    {
        Unlink(node);
        _index.Remove(_nodes[node].Pid, _nodes[node].Page);
        _free.Push(node);
    }

    private void PushFront(int node, int target)
    {
        ref var n = ref _nodes[node];
        n.Target = target;
        n.Prev = -1;
        n.Next = _head[target];
        if (_head[target] >= 0)
        {
            _nodes[_head[target]].Prev = node;
        }

        _head[target] = node;
        if (_tail[target] < 0)
        {
            _tail[target] = node;
        }
    }

    private void PushBack(int node, int target)
    {
        EnsureList(target);
        ref var n = ref _nodes[node];
        n.Target = target;
        n.Next = -1;
        n.Prev = _tail[target];
        if (_tail[target] >= 0)
        {
            _nodes[_tail[target]].Next = node;
        }

        _tail[target] = node;
        if (_head[target] < 0)
        {
            _head[target] = node;
        }
    }

    private void Unlink(int node)
    {
        var p = _nodes[node].Prev;
        var n = _nodes[node].Next;
        var target = _nodes[node].Target;
        if (p >= 0)
        {
            _nodes[p].Next = n;
        }
        else
        {
            _head[target] = n;
        }

        if (n >= 0)
        {
            _nodes[n].Prev = p;
        }
        else
        {
            _tail[target] = p;
        }
    }

    private struct Node
    {
        public ulong Page;
        public uint Pid;
        public int Prev;
        public int Next;

        /// <summary>The target whose recency list holds the node.</summary>
        public int Target;
    }
}
