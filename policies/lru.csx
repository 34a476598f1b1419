// lru: each initiator's best target as an LRU page cache (the script twin of the built-in `lru`).
//
// Every touched page is brought into the initiator's best target: first touches are placed there
// and misses migrate the accessed pages there. When a best target is full, its least recently used
// pages are demoted to the next target in the preference order of an initiator whose best target
// it is (GPU memory to system memory); a page demoted into another initiator's best target joins
// that target's list as its least recently used page. Each best target keeps its own recency list,
// so on a page trace each gives exactly the miss ratio of an LRU cache of its capacity in pages.
//
// Hooks: OnFirstTouch, OnNonLocalAccess, OnAccess (every access: it keeps the recency list),
// OnPressure (victims), OnUnmap (forget unmapped pages). Parameters: none.
// Cost: O(1) per page touch (one index slot, three nodes), no allocation on the access path once
// the arrays have grown.
using System;
using System.Collections.Generic;
using HmsTrace.Policy;

/// <summary>One node of the recency list: the page it caches and its neighbours (-1 at either end).</summary>
public struct LruNode
{
    public ulong Page;
    public uint Pid;
    public int Prev;
    public int Next;
    public int Target; // whose recency list holds the node
}

/// <summary>One slot of the page index: a key and its node, or Node = -1 when empty.</summary>
public struct IndexSlot
{
    public ulong Page;
    public uint Pid;
    public int Node;
}

public sealed class LruPolicy : PlacementPolicy
{
    // An intrusive doubly linked list over one array of nodes, found through an open-addressing
    // index (linear probing, backward-shift removal): a touch reads one index slot and three nodes.
    private LruNode[] _nodes = new LruNode[1024];
    private IndexSlot[] _slots = NewSlots(2048);
    private int _indexed;
    private readonly Stack<int> _free = new();
    private int _used;
    private int[] _head = new int[0]; // per target: most recently used node, or -1
    private int[] _tail = new int[0]; // per target: least recently used node, or -1

    public override bool WantsEveryAccess => true;

    public override TargetId OnFirstTouch(FirstTouchContext context) => context.Topology.BestTarget(context.Initiator);

    public override void OnNonLocalAccess(AccessContext context)
    {
        var best = context.Topology.BestTarget(context.Initiator);
        if (best.IsSome)
        {
            context.Migrate(best);
        }
    }

    public override void OnAccess(AccessContext context)
    {
        var target = context.Target;
        if (target != context.Topology.BestTarget(context.Initiator))
        {
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

    public override PressureDecision OnPressure(PressureContext context)
    {
        // NeededBytes is the whole request: pages already free count toward it, and only the
        // shortfall is demoted.
        var pageBytes = context.Topology.PageSizeBytes;
        var needed = ((context.NeededBytes + pageBytes - 1) / pageBytes) - (context.FreeBytes(context.Target) / pageBytes);
        var full = context.Target.Value;
        var to = Demotion(context.Topology, context.Target);
        if (!to.IsSome || full >= _tail.Length)
        {
            return PressureDecision.FallBack;
        }

        // Least recently used first; a page that cannot leave (pinned) stays cached where it is in
        // the recency order, and the next one is tried.
        var joins = IsSomeonesBest(context.Topology, to);
        var freed = 0L;
        var node = _tail[full];
        while (freed < needed && node >= 0)
        {
            var newer = _nodes[node].Prev;
            if (context.Demote(_nodes[node].Pid, _nodes[node].Page, _nodes[node].Page + 1, to))
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

    public override void OnUnmap(UnmapContext context)
    {
        for (var target = 0; target < _head.Length; target++)
        {
            for (var node = _head[target]; node >= 0;)
            {
                var next = _nodes[node].Next;
                if (_nodes[node].Pid == context.ProcessId && _nodes[node].Page >= context.StartPage && _nodes[node].Page < context.EndPage)
                {
                    Remove(node);
                }

                node = next;
            }
        }
    }

    private static TargetId Demotion(PolicyTopology topology, TargetId full)
    {
        // The next target after the full one in the preference order of the first initiator whose
        // best target it is (else of the first initiator).
        var owner = 0;
        for (var i = topology.Initiators.Count - 1; i >= 0; i--)
        {
            if (topology.BestTarget(new InitiatorId(i)) == full)
            {
                owner = i;
            }
        }

        var order = topology.PreferenceOrder(new InitiatorId(owner));
        for (var i = 0; i < order.Count; i++)
        {
            if (order[i] == full.Value)
            {
                return i + 1 < order.Count ? new TargetId(order[i + 1]) : TargetId.None;
            }
        }

        return order.Count > 1 ? new TargetId(order[1]) : TargetId.None;
    }

    private static bool IsSomeonesBest(PolicyTopology topology, TargetId target)
    {
        for (var i = 0; i < topology.Initiators.Count; i++)
        {
            if (topology.BestTarget(new InitiatorId(i)) == target)
            {
                return true;
            }
        }

        return false;
    }

    private void EnsureList(int target)
    {
        if (target < _head.Length)
        {
            return;
        }

        var from = _head.Length;
        Array.Resize(ref _head, Math.Max(target + 1, from * 2));
        Array.Resize(ref _tail, _head.Length);
        for (var t = from; t < _head.Length; t++)
        {
            _head[t] = -1;
            _tail[t] = -1;
        }
    }

    private void Touch(uint pid, ulong page, int target)
    {
        var node = Find(pid, page);
        if (node >= 0)
        {
            // A page another initiator's access brought to its own best target changes lists.
            if (node != _head[target])
            {
                Unlink(node);
                PushFront(node, target);
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
        Add(pid, page, node);
        PushFront(node, target);
    }

    private void Remove(int node)
    {
        Unlink(node);
        RemoveKey(_nodes[node].Pid, _nodes[node].Page);
        _free.Push(node);
    }

    private void PushFront(int node, int target)
    {
        _nodes[node].Target = target;
        _nodes[node].Prev = -1;
        _nodes[node].Next = _head[target];
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
        _nodes[node].Target = target;
        _nodes[node].Next = -1;
        _nodes[node].Prev = _tail[target];
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

    // The page index. The slot count is a power of two, kept at least twice the keys.
    private int Home(uint pid, ulong page)
        => (int)(((page ^ ((ulong)pid << 40) ^ pid) * 0x9E3779B97F4A7C15UL) >> 32) & (_slots.Length - 1);

    private int Find(uint pid, ulong page)
    {
        var mask = _slots.Length - 1;
        for (var i = Home(pid, page); ; i = (i + 1) & mask)
        {
            if (_slots[i].Node < 0)
            {
                return -1;
            }

            if (_slots[i].Page == page && _slots[i].Pid == pid)
            {
                return _slots[i].Node;
            }
        }
    }

    private void Add(uint pid, ulong page, int node)
    {
        if ((_indexed + 1) * 2 > _slots.Length)
        {
            // Twice the slots, then every listed page placed again (the lists hold every indexed page).
            Array.Resize(ref _slots, _slots.Length * 2);
            for (var i = 0; i < _slots.Length; i++)
            {
                _slots[i].Node = -1;
            }

            for (var target = 0; target < _head.Length; target++)
            {
                for (var n = _head[target]; n >= 0; n = _nodes[n].Next)
                {
                    Place(_nodes[n].Pid, _nodes[n].Page, n);
                }
            }
        }

        Place(pid, page, node);
        _indexed++;
    }

    private void Place(uint pid, ulong page, int node)
    {
        var mask = _slots.Length - 1;
        var i = Home(pid, page);
        while (_slots[i].Node >= 0)
        {
            i = (i + 1) & mask;
        }

        _slots[i].Pid = pid;
        _slots[i].Page = page;
        _slots[i].Node = node;
    }

    private void RemoveKey(uint pid, ulong page)
    {
        var mask = _slots.Length - 1;
        var hole = Home(pid, page);
        while (_slots[hole].Node >= 0 && (_slots[hole].Page != page || _slots[hole].Pid != pid))
        {
            hole = (hole + 1) & mask;
        }

        if (_slots[hole].Node < 0)
        {
            return;
        }

        // Backward shift: a later key of the probe run moves into the hole unless its home lies
        // (cyclically) after the hole and at or before where it sits.
        for (var j = (hole + 1) & mask; _slots[j].Node >= 0; j = (j + 1) & mask)
        {
            var home = Home(_slots[j].Pid, _slots[j].Page);
            var stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!stays)
            {
                _slots[hole] = _slots[j];
                hole = j;
            }
        }

        _slots[hole].Node = -1;
        _indexed--;
    }

    private static IndexSlot[] NewSlots(int count)
    {
        var slots = new IndexSlot[count];
        for (var i = 0; i < slots.Length; i++)
        {
            slots[i].Node = -1;
        }

        return slots;
    }
}
