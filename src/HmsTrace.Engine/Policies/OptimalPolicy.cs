using HmsTrace.Policy;

namespace HmsTrace.Engine.Policies;

/// <summary>
/// Belady's MIN for each initiator's best target: every touched page is brought into the
/// initiator's best target, and when that target is full, the page on it whose next use lies
/// farthest in the future is demoted (along the preference order of the initiator whose best
/// target it is, see <see cref="Tiers"/>). On a page trace it gives the fewest possible misses for
/// each best target of its capacity — the upper bound to compare real policies against. Needs the
/// trace's <see cref="NextUseIndex"/> (a pre-pass).
/// </summary>
public sealed class OptimalPolicy(NextUseIndex index) : PlacementPolicy
{
    // The pages cached on best targets: their next use and the target holding them.
    private readonly Dictionary<(uint Pid, ulong Page), (long NextUse, int Target)> _cached = [];

    // Per target, a max-heap on next use with lazy deletion: stale entries are skipped when popped.
    private PriorityQueue<(uint Pid, ulong Page, long NextUse), long>[] _farthest = [];
    private long _ordinal;

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
        Tiers.CheckPerPage(context, "optimal");

        // Pages served from a best target are cached there with their new next use: the
        // initiator's own, or another initiator's (its migration found no room, or its first touch
        // fell back), whose Belady order must be able to evict them. Pages served from elsewhere
        // (moved off every best target by a forced migration) are cached nowhere.
        var cached = context.Target == context.Topology.BestTarget(context.Initiator) || Tiers.IsSomeonesBest(context.Topology, context.Target);
        for (var page = context.StartPage; page < context.EndPage; page++)
        {
            var next = index.NextUse(_ordinal++);
            var key = (context.ProcessId, page);
            if (cached)
            {
                Cache(key, next, context.Target.Value);
            }
            else
            {
                _cached.Remove(key);
            }
        }

        // Stale heap entries pile up with every hit; rebuild from the live set so memory stays
        // proportional to the cached pages, not to the trace.
        if (Queued() > (4 * _cached.Count) + 4096)
        {
            foreach (var heap in _farthest)
            {
                heap.Clear();
            }

            foreach (var (key, value) in _cached)
            {
                Enqueue(key, value.NextUse, value.Target);
            }
        }
    }

    /// <inheritdoc />
    public override PressureDecision OnPressure(PressureContext context)
    {
        var needed = Tiers.Shortfall(context);
        var full = context.Target.Value;
        var to = Tiers.Demotion(context.Topology, context.Target);
        if (!to.IsSome || full >= _farthest.Length)
        {
            return PressureDecision.FallBack;
        }

        // Farthest next use first; a page that cannot leave (pinned) stays cached and is put back
        // after the search, so the next farthest is tried. A page demoted into another initiator's
        // best target stays cached there, with its next use.
        var joins = Tiers.IsSomeonesBest(context.Topology, to);
        var heap = _farthest[full];
        var freed = 0L;
        List<(uint Pid, ulong Page, long NextUse)>? stuck = null;
        while (freed < needed && heap.TryDequeue(out var victim, out _))
        {
            var key = (victim.Pid, victim.Page);
            if (!_cached.TryGetValue(key, out var current) || current.NextUse != victim.NextUse || current.Target != full)
            {
                continue;
            }

            if (context.Demote(victim.Pid, victim.Page, victim.Page + 1, to))
            {
                if (joins)
                {
                    Cache(key, victim.NextUse, to.Value);
                }
                else
                {
                    _cached.Remove(key);
                }

                freed++;
            }
            else
            {
                (stuck ??= []).Add(victim);
            }
        }

        foreach (var victim in stuck ?? [])
        {
            heap.Enqueue(victim, -victim.NextUse);
        }

        return freed >= needed ? PressureDecision.Retry : PressureDecision.FallBack;
    }

    /// <inheritdoc />
    public override void OnUnmap(UnmapContext context)
    {
        foreach (var key in PageKeys.In(context, ScanCost, _cached.ContainsKey, _cached.Keys))
        {
            _cached.Remove(key);
        }
    }

    /// <inheritdoc />
    public override void OnRemap(UnmapContext context)
    {
        // Moved pages stay cached where they are, with their next use, under their new numbers.
        // Source and destination may overlap: every moved key leaves before any is added back.
        var moved = new List<((uint Pid, ulong Page) Key, (long NextUse, int Target) Value)>();
        foreach (var key in PageKeys.In(context, ScanCost, _cached.ContainsKey, _cached.Keys))
        {
            _cached.Remove(key, out var value);
            moved.Add((key, value));
        }

        foreach (var (key, value) in moved)
        {
            Cache((key.Pid, key.Page - context.StartPage + context.NewStartPage), value.NextUse, value.Target);
        }
    }

    // A pass over the dictionary's keys visits its capacity, which does not shrink after removals
    // (EnsureCapacity(0) only reports it).
    private int ScanCost => _cached.EnsureCapacity(0);

    /// <summary>Every cached page with the target it is cached on, for tests.</summary>
    internal IEnumerable<(uint Pid, ulong Page, int Target)> CachedPages()
        => _cached.Select(c => (c.Key.Pid, c.Key.Page, c.Value.Target));

    private void Cache((uint Pid, ulong Page) key, long next, int target)
    {
        _cached[key] = (next, target);
        Enqueue(key, next, target);
    }

    private void Enqueue((uint Pid, ulong Page) key, long next, int target)
    {
        if (target >= _farthest.Length)
        {
            var from = _farthest.Length;
            Array.Resize(ref _farthest, target + 1);
            for (var t = from; t < _farthest.Length; t++)
            {
                _farthest[t] = new PriorityQueue<(uint Pid, ulong Page, long NextUse), long>();
            }
        }

        _farthest[target].Enqueue((key.Pid, key.Page, next), -next);
    }

    /// <summary>Heap entries, live and stale, over all targets (a few heaps).</summary>
    private int Queued()
    {
        var queued = 0;
        foreach (var heap in _farthest)
        {
            queued += heap.Count;
        }

        return queued;
    }
}
