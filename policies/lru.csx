// lru: the fast tier as an LRU page cache (the script twin of the built-in `lru` policy).
//
// Every touched page is brought into the initiator's best target: first touches are placed there
// and misses migrate the accessed pages there. When the best target is full, the least recently
// used pages are demoted to the next target in the preference order. On a page trace this gives
// exactly the miss ratio of an LRU cache of the fast tier's capacity in pages.
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
    private int _head = -1; // most recently used
    private int _tail = -1; // least recently used

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
        if (context.Target != context.Topology.BestTarget(context.Initiator))
        {
            return;
        }

        for (var page = context.StartPage; page < context.EndPage; page++)
        {
            Touch(context.ProcessId, page);
        }
    }

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
            if (context.Demote(_nodes[node].Pid, _nodes[node].Page, _nodes[node].Page + 1, to))
            {
                Remove(node);
                freed++;
            }

            node = newer;
        }

        return freed >= needed ? PressureDecision.Retry : PressureDecision.FallBack;
    }

    public override void OnUnmap(UnmapContext context)
    {
        for (var node = _head; node >= 0;)
        {
            var next = _nodes[node].Next;
            if (_nodes[node].Pid == context.ProcessId && _nodes[node].Page >= context.StartPage && _nodes[node].Page < context.EndPage)
            {
                Remove(node);
            }

            node = next;
        }
    }

    private static TargetId Demotion(PolicyTopology topology, TargetId full)
    {
        // The next target after the full one in the first initiator's preference order.
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
        var node = Find(pid, page);
        if (node >= 0)
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
        Add(pid, page, node);
        PushFront(node);
    }

    private void Remove(int node)
    {
        Unlink(node);
        RemoveKey(_nodes[node].Pid, _nodes[node].Page);
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
            // Twice the slots, then every listed page placed again (the list holds every indexed page).
            Array.Resize(ref _slots, _slots.Length * 2);
            for (var i = 0; i < _slots.Length; i++)
            {
                _slots[i].Node = -1;
            }

            for (var n = _head; n >= 0; n = _nodes[n].Next)
            {
                Place(_nodes[n].Pid, _nodes[n].Page, n);
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
