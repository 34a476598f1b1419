using HmsTrace.Engine.Ranges;
using HmsTrace.Policy;
using HmsTrace.Topology;

namespace HmsTrace.Engine;

/// <summary>The access path: first touch, hits and misses, cost, statistics.</summary>
public sealed partial class ReplayEngine
{
    private void Access(uint pid, int initiator, ulong address, ulong size, bool write)
    {
        if (size == 0)
        {
            _traceErrors++;
            return;
        }

        var space = Space(pid);
        var map = space.Map;
        var page = address >> _pageShift;
        var last = (address + size - 1) >> _pageShift;
        var endAddress = address + size;

        // A record of several pages: whether each part is a hit is decided before any part's hook
        // runs, since one part's migration can move the next parts too (a chunked
        // migrate-on-fault, or a hook that moves less or more than its segment), and data moved by
        // the access itself is not a hit.
        var planned = last > page;
        if (planned)
        {
            PlanHits(map, initiator, page, last);
        }

        var planAt = 0;
        while (page <= last)
        {
            if (!map.TryFind(page, out var p))
            {
                var next = map.LowerBound(page);
                var gapEnd = map.IsEnd(next) ? last + 1 : Math.Min(last + 1, map[next].Start);
                if (space.Explicit)
                {
                    _traceErrors += (long)(gapEnd - page);
                    page = gapEnd;
                    continue;
                }

                p = InsertEntry(map, next, NewEntry(page, gapEnd));
            }

            var segmentEnd = Math.Min(map[p].End, last + 1);
            var hitBefore = true;
            if (planned)
            {
                while (_hitPlan[planAt].End <= page)
                {
                    planAt++;
                }

                segmentEnd = Math.Min(segmentEnd, _hitPlan[planAt].End);
                hitBefore = _hitPlan[planAt].Hit;
            }

            var firstByte = Math.Max(address, page << _pageShift);
            var endByte = Math.Min(endAddress, segmentEnd << _pageShift);
            var bytes = (long)(endByte - firstByte);
            var pages = (long)(segmentEnd - page);
            var target = map[p].Target;
            bool hit;
            long extraNs = 0;
            var hooked = true;
            if (target < 0)
            {
                target = FirstTouch(space, initiator, page, segmentEnd, write);
                _firstTouches += pages;
                hit = false;
            }
            else
            {
                var k = (initiator * _nt) + target;
                var onBest = _isBest[k];
                hit = onBest && hitBefore;
                if (!_reachable[k])
                {
                    // A CPU cannot reach non-coherent device memory: the data comes back, and that never fails.
                    extraNs = ForceMigrate(space, initiator, page, segmentEnd, out target);
                }
                else if (!onBest && _wantsNonLocal)
                {
                    var before = _migrationNs;
                    try
                    {
                        _policy.OnNonLocalAccess(new AccessContext(this, pid, new InitiatorId(initiator), page, segmentEnd, new TargetId(target), write, false, _now, _recordIndex));
                    }
                    catch (Exception e) when (e is not PolicyFaultException and not InputException)
                    {
                        Fault(nameof(PlacementPolicy.OnNonLocalAccess), e.Message, e);
                    }

                    extraNs = _migrationNs - before;
                    target = TargetOf(map, page, target);
                    if (!_reachable[(initiator * _nt) + target])
                    {
                        // The hook moved the data where this initiator cannot reach it: it comes
                        // back before the access is served, as from any such memory.
                        map.TryFind(page, out var moved);
                        extraNs += ForceMigrate(space, initiator, page, Math.Min(segmentEnd, map[moved].End), out target);
                    }
                }
                else
                {
                    hooked = false;
                }
            }

            // The access is served page range by page range from where the data now lives; unless
            // a hook ran, the entry found is still the one (positions are stable).
            if (hooked && !map.TryFind(page, out p))
            {
                // The policy unmapped nothing here; only a migration could have moved the entry.
                throw new InvalidOperationException("range vanished during an access");
            }

            segmentEnd = Math.Min(segmentEnd, map[p].End);
            var servedPages = (long)(segmentEnd - page);
            if (servedPages != pages)
            {
                endByte = Math.Min(endAddress, segmentEnd << _pageShift);
                bytes = (long)(endByte - firstByte);
                pages = servedPages;
            }

            var key = (initiator * _nt) + target;
            var cost = checked((pages * (write ? _writeLatency[key] : _latency[key])) + Transfer(key, write, bytes) + extraNs);
            _accesses += pages;
            _bytes += bytes;
            _modeledNs = checked(_modeledNs + cost);
            _epochAccesses[key] += pages;
            _epochBytes[key] += bytes;
            _epochModeledNs[key] = checked(_epochModeledNs[key] + cost);
            if (hit)
            {
                _hits += pages;
                _hitBytes += bytes;
                _epochHits[key] += pages;
                _epochHitBytes[key] += bytes;
            }

            var slot = map[p].Slot;
            ref var stats = ref _stats[slot];
            stats.EpochAccesses += pages;
            stats.LastAccessNs = _now;
            if (_stats.TracksInitiators)
            {
                _stats.PerInitiator(slot)[initiator] += pages;
            }

            if (_wantsEveryAccess)
            {
                try
                {
                    _policy.OnAccess(new AccessContext(this, pid, new InitiatorId(initiator), page, segmentEnd, new TargetId(target), write, hit, _now, _recordIndex));
                }
                catch (Exception e) when (e is not PolicyFaultException and not InputException)
                {
                    Fault(nameof(PlacementPolicy.OnAccess), e.Message, e);
                }
            }

            page = segmentEnd;
        }
    }

    /// <summary>
    /// Fills <see cref="_hitPlan"/> with the parts of pages <c>[page, last]</c>, in order, each with
    /// whether it is on a best target of <paramref name="initiator"/> now (unmapped and
    /// unpopulated parts are not).
    /// </summary>
    private void PlanHits(RangeMap map, int initiator, ulong page, ulong last)
    {
        _hitPlan.Clear();
        while (page <= last)
        {
            ulong end;
            var hit = false;
            if (map.TryFind(page, out var p))
            {
                end = Math.Min(map[p].End, last + 1);
                hit = map[p].Target >= 0 && _isBest[(initiator * _nt) + map[p].Target];
            }
            else
            {
                var next = map.LowerBound(page);
                end = map.IsEnd(next) ? last + 1 : Math.Min(last + 1, map[next].Start);
            }

            _hitPlan.Add((end, hit));
            page = end;
        }
    }

    /// <summary>
    /// The transfer time of <paramref name="bytes"/> over the path <paramref name="key"/>, remembered
    /// per path and direction for the last size: traces repeat one access size, and this saves a
    /// 64-bit division per access.
    /// </summary>
    private long Transfer(int key, bool write, long bytes)
    {
        var memo = (key * 2) + (write ? 1 : 0);
        if (_transferMemoBytes[memo] != bytes)
        {
            _transferMemoBytes[memo] = bytes;
            _transferMemoNs[memo] = TransferTime.Ns((ulong)bytes, write ? _writeBandwidth[key] : _readBandwidth[key]);
        }

        return _transferMemoNs[memo];
    }

    private static int TargetOf(RangeMap map, ulong page, int fallback)
        => map.TryFind(page, out var p) && map[p].Target >= 0 ? map[p].Target : fallback;

    /// <summary>Places unpopulated pages <c>[start, end)</c> touched first by <paramref name="initiator"/>; returns the target.</summary>
    private int FirstTouch(AddressSpace space, int initiator, ulong start, ulong end, bool write)
    {
        var map = space.Map;
        map.TryFind(start, out var p);
        var hint = map[p].HintMask;
        var defaultTarget = DefaultPlacement(space, initiator, (long)(end - start), hint);
        TargetId chosen;
        try
        {
            chosen = _policy.OnFirstTouch(new FirstTouchContext(this, space.ProcessId, new InitiatorId(initiator), start, end, write, _now, _recordIndex, new TargetId(defaultTarget)));
        }
        catch (Exception e) when (e is not PolicyFaultException and not InputException)
        {
            Fault(nameof(PlacementPolicy.OnFirstTouch), e.Message, e);
            chosen = TargetId.None;
        }

        if (chosen.IsSome && !ValidTarget(chosen.Value))
        {
            Fault(nameof(PlacementPolicy.OnFirstTouch), $"returned target {chosen.Value}, which is not a usable target of the declared versions", null);
            chosen = TargetId.None;
        }

        var target = chosen.IsSome && chosen.Value != defaultTarget ? Admit(space, initiator, chosen.Value, (long)(end - start), defaultTarget) : defaultTarget;
        Populate(space, start, end, target);
        return target;
    }

    /// <summary>
    /// The engine's default placement: the best hinted target with room (when a hint is recorded),
    /// else the initiator's preference list; the first target admitting the pages wins.
    /// </summary>
    private int DefaultPlacement(AddressSpace space, int initiator, long pages, ulong hint)
    {
        var order = _binding.PreferenceOrder(initiator);
        if (hint != 0)
        {
            foreach (var t in order)
            {
                if ((hint & (1UL << t)) != 0 && Allowed(space, t, pages) && HasRoom(t, pages, space.ProcessId))
                {
                    return t;
                }
            }
        }

        foreach (var t in order)
        {
            if (Allowed(space, t, pages) && HasRoom(t, pages, space.ProcessId))
            {
                return t;
            }
        }

        // Nothing has room: the best allowed target takes the pages beyond its capacity, and the
        // run reports them as overcommitted instead of failing the access.
        foreach (var t in order)
        {
            if (Allowed(space, t, pages))
            {
                _overcommittedPages += pages;
                return t;
            }
        }

        _overcommittedPages += pages;
        return order.Count > 0 ? order[0] : FirstUsableTarget();
    }

    /// <summary>
    /// Admits pages on the policy's chosen target, or falls back to the default placement already
    /// made: a target the initiator cannot reach is refused like a full one, since the access
    /// could not be served there.
    /// </summary>
    private int Admit(AddressSpace space, int initiator, int target, long pages, int defaultTarget)
    {
        if (_reachable[(initiator * _nt) + target] && Allowed(space, target, pages) && HasRoom(target, pages, space.ProcessId))
        {
            return target;
        }

        return defaultTarget;
    }

    private int FirstUsableTarget()
    {
        for (var t = 0; t < _nt; t++)
        {
            if (_binding.TargetUsable[t])
            {
                return t;
            }
        }

        throw new InvalidOperationException("the topology has no usable target");
    }

    /// <summary>Whether the allow-list and quota let the process put <paramref name="pages"/> more pages on the target.</summary>
    private bool Allowed(AddressSpace space, int target, long pages)
    {
        var allow = _machine.Targets[target].AllowedProcesses;
        if (allow is not null && !allow.Contains(space.ProcessId))
        {
            return false;
        }

        return space.UsedPages[target] + pages <= _quotaPages[target];
    }

    /// <summary>Whether the target has room, after asking the policy's pressure hook to make some.</summary>
    private bool HasRoom(int target, long pages, uint pid)
    {
        if (_usedPages[target] + pages <= _capacityPages[target])
        {
            return true;
        }

        if (_inPressure || pages > _capacityPages[target])
        {
            return false;
        }

        _inPressure = true;
        var savedPressureTarget = _pressureTarget;
        _pressureTarget = target;
        PressureDecision decision;
        try
        {
            decision = _policy.OnPressure(new PressureContext(this, new TargetId(target), pages * _pageSize, pid, _now, _recordIndex));
            if (LookAheadEnabled)
            {
                _policyLookAhead?.LookAhead(this);
            }
        }
        catch (Exception e) when (e is not PolicyFaultException and not InputException)
        {
            _inPressure = false;
            Fault(nameof(PlacementPolicy.OnPressure), e.Message, e);
            decision = PressureDecision.FallBack;
        }
        finally
        {
            _inPressure = false;
            _pressureTarget = savedPressureTarget;
        }

        return decision == PressureDecision.Retry && _usedPages[target] + pages <= _capacityPages[target];
    }

    /// <summary>Sets unpopulated pages <c>[start, end)</c> (inside one unpopulated range) to live on <paramref name="target"/>.</summary>
    private void Populate(AddressSpace space, ulong start, ulong end, int target)
    {
        var map = space.Map;
        var page = start;
        while (page < end && map.TryFind(page, out var p))
        {
            var segmentEnd = Math.Min(end, map[p].End);
            if (map[p].Target < 0)
            {
                Account(space, target, (long)(segmentEnd - page));
                Retarget(map, p, page, segmentEnd, target, migration: false);
            }

            page = segmentEnd;
        }
    }

    private void Account(AddressSpace space, int target, long pages)
    {
        _usedPages[target] += pages;
        space.UsedPages[target] += pages;
    }
}
