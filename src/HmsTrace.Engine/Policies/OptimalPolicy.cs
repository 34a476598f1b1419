using HmsTrace.Policy;

namespace HmsTrace.Engine.Policies;

/// <summary>
/// Belady's MIN for the fastest tier: every touched page is brought into the initiator's best
/// target, and when it is full the page whose next use lies farthest in the future is demoted.
/// On a page trace it gives the fewest possible misses for a fast tier of that capacity — the upper
/// bound to compare real policies against. Needs the trace's <see cref="NextUseIndex"/> (a pre-pass).
/// </summary>
public sealed class OptimalPolicy(NextUseIndex index) : PlacementPolicy
{
    private readonly Dictionary<(uint Pid, ulong Page), long> _nextUse = [];

    // Max-heap on next use with lazy deletion: stale entries are skipped when popped.
    private readonly PriorityQueue<(uint Pid, ulong Page, long NextUse), long> _farthest = new();
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
        var onFast = context.Target == context.Topology.BestTarget(context.Initiator);
        for (var page = context.StartPage; page < context.EndPage; page++)
        {
            var next = index.NextUse(_ordinal++);
            if (onFast)
            {
                _nextUse[(context.ProcessId, page)] = next;
                _farthest.Enqueue((context.ProcessId, page, next), -next);
            }
        }

        // Stale heap entries pile up with every hit; rebuild from the live set so memory stays
        // proportional to the fast tier, not to the trace.
        if (_farthest.Count > (4 * _nextUse.Count) + 4096)
        {
            _farthest.Clear();
            foreach (var (key, next) in _nextUse)
            {
                _farthest.Enqueue((key.Pid, key.Page, next), -next);
            }
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

        // Farthest next use first; a page that cannot leave (pinned) stays cached and is put back
        // after the search, so the next farthest is tried.
        var freed = 0L;
        List<(uint Pid, ulong Page, long NextUse)>? stuck = null;
        while (freed < needed && _farthest.TryDequeue(out var victim, out _))
        {
            var key = (victim.Pid, victim.Page);
            if (!_nextUse.TryGetValue(key, out var current) || current != victim.NextUse)
            {
                continue;
            }

            if (context.Demote(victim.Pid, victim.Page, victim.Page + 1, to))
            {
                _nextUse.Remove(key);
                freed++;
            }
            else
            {
                (stuck ??= []).Add(victim);
            }
        }

        foreach (var victim in stuck ?? [])
        {
            _farthest.Enqueue(victim, -victim.NextUse);
        }

        return freed >= needed ? PressureDecision.Retry : PressureDecision.FallBack;
    }

    /// <inheritdoc />
    public override void OnUnmap(UnmapContext context)
    {
        var gone = new List<(uint, ulong)>();
        foreach (var key in _nextUse.Keys)
        {
            if (key.Pid == context.ProcessId && key.Page >= context.StartPage && key.Page < context.EndPage)
            {
                gone.Add(key);
            }
        }

        foreach (var key in gone)
        {
            _nextUse.Remove(key);
        }
    }

    private static TargetId Demotion(PolicyTopology topology, TargetId full)
    {
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
}
