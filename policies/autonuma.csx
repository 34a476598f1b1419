// autonuma: move ranges toward the initiator that uses them most (Linux AutoNUMA-like).
//
// At every epoch each range's dominant initiator (most page touches this epoch) is compared with
// the range's location. A range whose dominant initiator would be served better from another
// target is moved to that initiator's best target only after the same initiator dominated it for
// `hysteresis` consecutive epochs with at least `min_accesses` touches each time: ranges shared
// back and forth do not ping-pong. At most `max_moves` ranges move per epoch.
//
// Hooks: OnEpoch, OnUnmap (forget state). Parameters: hysteresis, min_accesses, max_moves.
using System.Collections.Generic;
using HmsTrace.Policy;

/// <summary>A range start: the key of the per-range streak state.</summary>
public readonly record struct RangeKey(uint ProcessId, ulong StartPage);

/// <summary>Which initiator dominated a range for how many epochs in a row, last seen when.</summary>
public readonly record struct Streak(int Initiator, int Epochs, long SeenEpoch);

public sealed class AutoNumaPolicy : PlacementPolicy
{
    private readonly Dictionary<RangeKey, Streak> _streaks = new();
    private readonly List<RangeKey> _stale = new();
    private long _hysteresis = 2;
    private long _minAccesses = 4;
    private long _maxMoves = 1024;

    public override void Initialize(PolicySetup setup)
    {
        _hysteresis = setup.Int("hysteresis", 2, 1, 1000, "epochs in a row an initiator must dominate a range before it moves");
        _minAccesses = setup.Int("min_accesses", 4, 1, long.MaxValue, "page touches per epoch below which a range's dominance does not count");
        _maxMoves = setup.Int("max_moves", 1024, 1, 1_000_000, "ranges moved per epoch at most");
    }

    public override void OnEpoch(EpochContext context)
    {
        var topology = context.Topology;
        var moves = 0L;
        for (var i = 0; i < context.RangeCount; i++)
        {
            var r = context.Range(i);
            if (!r.Target.IsSome || r.DominantInitiator < 0 || r.EpochAccesses < _minAccesses || r.PinCount > 0)
            {
                continue;
            }

            var key = new RangeKey(r.ProcessId, r.StartPage);
            var streak = _streaks.TryGetValue(key, out var s) && s.Initiator == r.DominantInitiator && s.SeenEpoch == context.Epoch - 1
                ? new Streak(r.DominantInitiator, s.Epochs + 1, context.Epoch)
                : new Streak(r.DominantInitiator, 1, context.Epoch);
            _streaks[key] = streak;

            var initiator = new InitiatorId(r.DominantInitiator);
            var best = topology.BestTarget(initiator);
            if (!best.IsSome || best == r.Target || streak.Epochs < _hysteresis || moves >= _maxMoves)
            {
                continue;
            }

            if (topology.LatencyNs(initiator, best) < topology.LatencyNs(initiator, r.Target) || topology.LatencyNs(initiator, r.Target) < 0)
            {
                if (context.Migrate(r.ProcessId, r.StartPage, r.EndPage, best))
                {
                    moves++;
                }
            }
        }

        // Forget ranges that were not seen active this epoch (split, merged, unmapped or idle).
        _stale.Clear();
        foreach (var entry in _streaks)
        {
            if (entry.Value.SeenEpoch != context.Epoch)
            {
                _stale.Add(entry.Key);
            }
        }

        foreach (var key in _stale)
        {
            _streaks.Remove(key);
        }
    }

    public override void OnUnmap(UnmapContext context)
    {
        _stale.Clear();
        foreach (var entry in _streaks)
        {
            if (entry.Key.ProcessId == context.ProcessId && entry.Key.StartPage >= context.StartPage && entry.Key.StartPage < context.EndPage)
            {
                _stale.Add(entry.Key);
            }
        }

        foreach (var key in _stale)
        {
            _streaks.Remove(key);
        }
    }
}
