using HmsTrace.Engine.Results;
using HmsTrace.Policy;

namespace HmsTrace.Engine;

/// <summary>Epoch boundaries: rows, the policy's tick, decay, snapshots.</summary>
public sealed partial class ReplayEngine
{
    /// <summary>
    /// Whether the policy overrides <see cref="PlacementPolicy.OnEpoch"/> (looking through the
    /// metering wrapper): only then is the O(ranges) read-only view built at every epoch end.
    /// </summary>
    private static bool ReadsRanges(PlacementPolicy policy)
    {
        var type = (policy is Policies.MeteredPolicy metered ? metered.Inner : policy).GetType();
        var hook = type.GetMethod(nameof(PlacementPolicy.OnEpoch), [typeof(EpochContext)]);
        return hook is not null && hook.DeclaringType != typeof(PlacementPolicy);
    }

    RangeView IPolicyHost.Range(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _rangeSnapshotCount);
        return _rangeSnapshot[index];
    }

    private void CloseEpoch(long endNs)
    {
        EmitEpochRows(endNs);
        if (_policyReadsRanges)
        {
            TakeRangeSnapshot(endNs);
        }

        _inEpochHook = true;
        try
        {
            _policy.OnEpoch(new EpochContext(this, _epoch, _epochStartNs, endNs));
        }
        catch (Exception e) when (e is not PolicyFaultException and not InputException)
        {
            _inEpochHook = false;
            _epochRequests.Clear();
            Fault(nameof(PlacementPolicy.OnEpoch), e.Message, e);
        }
        finally
        {
            _inEpochHook = false;
        }

        foreach (var (pid, start, end, target) in _epochRequests)
        {
            if (_spaces.TryGetValue(pid, out var space))
            {
                Migrate(space, start, end, target, MigrationReason.Policy, onlyFrom: -1, force: false);
            }
        }

        _epochRequests.Clear();
        // An idle epoch (no record, no migration) leaves every range as the last snapshot showed it,
        // bar decay: a trace with long quiet spells (a block trace of seconds, in 10 ms epochs) would
        // otherwise write the same snapshot hundreds of thousands of times.
        var idle = !_epochActive && _migrationsRequested == _migrationsAtEpochOpen;
        if (!idle)
        {
            if (_options.RangeSnapshotEvery > 0 && _activeEpochs % _options.RangeSnapshotEvery == 0)
            {
                EmitRangeRows(endNs);
            }

            _activeEpochs++;
        }

        _epochActive = false;
        _migrationsAtEpochOpen = _migrationsRequested;

        // Nor does an idle epoch need its decay pass now, unless the policy reads the ranges at
        // every epoch end: the passes are counted and applied at once before anything reads them.
        if (idle && !_policyReadsRanges && DeferIdleDecay)
        {
            _stats.DecayIdle(endNs);
        }
        else
        {
            _stats.Decay(endNs);
        }

        _epoch++;
        _epochStartNs = endNs;
        _epochEndNs = _options.EpochRecords > 0 ? long.MaxValue : endNs + _options.EpochNs;
    }

    private void EmitEpochRows(long endNs)
    {
        for (var t = 0; t < _nt; t++)
        {
            var any = false;
            for (var i = 0; i < _ni; i++)
            {
                var k = (i * _nt) + t;
                if (_epochAccesses[k] == 0)
                {
                    continue;
                }

                any = true;
                _output.Epoch(new EpochRow(_epoch, _epochStartNs, endNs, _initiatorNames[i], _targetNames[t], _epochAccesses[k], _epochBytes[k], _epochHits[k], _epochHitBytes[k], _epochModeledNs[k], _usedPages[t] * _pageSize));
            }

            if (!any && _usedPages[t] > 0)
            {
                _output.Epoch(new EpochRow(_epoch, _epochStartNs, endNs, null, _targetNames[t], 0, 0, 0, 0, 0, _usedPages[t] * _pageSize));
            }
        }

        Array.Clear(_epochAccesses);
        Array.Clear(_epochBytes);
        Array.Clear(_epochHits);
        Array.Clear(_epochHitBytes);
        Array.Clear(_epochModeledNs);
    }

    private void TakeRangeSnapshot(long endNs)
    {
        _stats.Settle();
        if (_rangeSnapshot.Length < _rangeCount)
        {
            _rangeSnapshot = new RangeView[Math.Max(16, _rangeCount * 2)];
        }

        _regions?.Begin((int)_rangeCount);

        var n = 0;
        foreach (var space in _spaceOrder)
        {
            var map = space.Map;
            var count = map.CopyPositions(ref _walk);
            for (var at = 0; at < count; at++)
            {
                WalkAhead(map, at, count);
                ref var e = ref map[new Ranges.RangeMap.Position(_walk[at])];
                ref readonly var st = ref _stats[e.Slot];
                var counts = _stats.PerInitiator(e.Slot);
                var dominant = counts.IsEmpty && st.EpochAccesses > 0 ? 0 : -1;
                long best = 0;
                for (var i = 0; i < counts.Length; i++)
                {
                    if (counts[i] > best)
                    {
                        best = counts[i];
                        dominant = i;
                    }
                }

                _rangeSnapshot[n] = new RangeView(
                    space.ProcessId, e.Start, e.End, new TargetId(e.Target), e.PinCount, e.HintMask,
                    st.EpochAccesses, st.DecayedAccesses, st.LastAccessNs, endNs - st.AgeStartNs, dominant);
                _regions?.Add(_rangeSnapshot[n], counts);
                n++;
            }
        }

        _rangeSnapshotCount = _regions is null ? n : _regions.Bound(_rangeSnapshot.AsSpan(0, n));
    }

    private void EmitRangeRows(long endNs)
    {
        _stats.Settle();
        foreach (var space in _spaceOrder)
        {
            var map = space.Map;
            var count = map.CopyPositions(ref _walk);
            for (var at = 0; at < count; at++)
            {
                WalkAhead(map, at, count);
                ref var e = ref map[new Ranges.RangeMap.Position(_walk[at])];
                ref readonly var st = ref _stats[e.Slot];
                _output.Range(new RangeRow(
                    _epoch, space.ProcessId, e.Start << _pageShift, e.End << _pageShift,
                    e.Target >= 0 ? _targetNames[e.Target] : null, e.PinCount, st.EpochAccesses, st.DecayedAccesses,
                    st.LastAccessNs, endNs - st.AgeStartNs, st.Migrations));
            }
        }
    }

    /// <summary>Prefetches, while walking the positions in <see cref="_walk"/>, the entry 16 ahead and the statistics of the one 8 ahead.</summary>
    private void WalkAhead(Ranges.RangeMap map, int i, int count)
    {
        if (i + 16 < count)
        {
            map.PrefetchSlot(_walk[i + 16]);
        }

        if (i + 8 < count)
        {
            _stats.Prefetch(map[new Ranges.RangeMap.Position(_walk[i + 8])].Slot);
        }
    }

    /// <summary>Whether idle epochs' decay passes are deferred and applied together (on by default; tests turn it off to prove it changes no result).</summary>
    internal bool DeferIdleDecay { get; set; } = true;

    /// <summary>How many passes over the range statistics epoch ends have made (a diagnostic for tests).</summary>
    internal long DecayPasses => _stats.FullPasses;
}
