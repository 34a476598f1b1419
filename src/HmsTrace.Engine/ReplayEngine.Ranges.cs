using HmsTrace.Engine.Ranges;
using HmsTrace.Policy;

namespace HmsTrace.Engine;

/// <summary>Range-map surgery: split, merge, map, unmap, remap, pin, hint.</summary>
public sealed partial class ReplayEngine
{
    private RangeEntry NewEntry(ulong start, ulong end) => new()
    {
        Start = start,
        End = end,
        Target = -1,
        Slot = _stats.Allocate(_now),
    };

    private RangeMap.Position InsertEntry(RangeMap map, RangeMap.Position at, in RangeEntry entry)
    {
        _rangeCount++;
        if (_rangeCount > _peakRanges)
        {
            _peakRanges = _rangeCount;
        }

        return map.Insert(at, entry);
    }

    /// <summary>Ensures an entry boundary at <paramref name="page"/> if an entry straddles it.</summary>
    private void SplitAt(RangeMap map, ulong page)
    {
        if (map.TryFind(page, out var p))
        {
            SplitAt(map, p, page);
        }
    }

    /// <summary>
    /// Splits the entry at <paramref name="p"/>, which contains <paramref name="page"/>, so that an
    /// entry starts at the page; returns the position of the entry starting there.
    /// </summary>
    private RangeMap.Position SplitAt(RangeMap map, RangeMap.Position p, ulong page)
    {
        ref var e = ref map[p];
        if (e.Start == page)
        {
            return p;
        }

        var right = e;
        right.Start = page;
        right.Slot = _stats.SplitOff(e.Slot, e.End - page, e.Pages, _now);
        e.End = page;
        return InsertEntry(map, map.Next(p), right);
    }

    /// <summary>Merges neighbours with identical placement around <c>[start, end)</c>.</summary>
    private void Coalesce(RangeMap map, ulong start, ulong end)
        => Coalesce(map, map.TryFind(start, out var at) ? at : map.LowerBound(start), start, end);

    /// <summary>
    /// Merges neighbours with identical placement around <c>[start, end)</c>, given
    /// <paramref name="at"/>: the entry containing <paramref name="start"/>, or the first entry
    /// after it. Afterwards the lookup of <paramref name="start"/> is remembered.
    /// </summary>
    private void Coalesce(RangeMap map, RangeMap.Position at, ulong start, ulong end)
    {
        // From the entry holding the page before start: the one found, unless it begins at start.
        var p = at;
        if ((map.IsEnd(at) || map[at].Start >= start) && map.Previous(at, out var before))
        {
            p = before;
        }

        // Only boundaries in [start, end] can have changed; one past end is never read, since
        // loading an entry that cannot merge is a cache miss for nothing.
        var holder = at;
        while (!map.IsEnd(p))
        {
            ref var a = ref map[p];
            if (a.End > end)
            {
                break;
            }

            var next = map.Next(p);
            if (map.IsEnd(next))
            {
                break;
            }

            ref var b = ref map[next];
            if (a.End == b.Start && a.SamePlacement(b))
            {
                _stats.Absorb(a.Slot, b.Slot);
                if (next == holder)
                {
                    holder = p;
                }

                map.MergeNext(p);
                _rangeCount--;
                continue;
            }

            p = next;
        }

        if (!map.IsEnd(holder) && map[holder].Start <= start)
        {
            map.Remember(start, holder);
        }
    }

    /// <summary>Inserts unpopulated entries for every unmapped gap of <c>[start, end)</c>.</summary>
    private void FillGaps(RangeMap map, ulong start, ulong end)
    {
        var page = start;
        while (page < end)
        {
            if (map.TryFind(page, out var p))
            {
                page = map[p].End;
                continue;
            }

            var at = map.LowerBound(page);
            var gapEnd = map.IsEnd(at) ? end : Math.Min(end, map[at].Start);
            InsertEntry(map, at, NewEntry(page, gapEnd));
            page = gapEnd;
        }
    }

    private (ulong Start, ulong End) Pages(ulong address, ulong size)
    {
        var start = address >> _pageShift;
        var end = size == 0 ? start : ((address + size - 1) >> _pageShift) + 1;
        return (start, end);
    }

    private void Mmap(uint pid, ulong address, ulong size)
    {
        var space = Space(pid);
        space.Explicit = true;
        if (size == 0)
        {
            _traceErrors++;
            return;
        }

        var (start, end) = Pages(address, size);
        Unmap(space, start, end, notify: true);
        FillGaps(space.Map, start, end);
        Coalesce(space.Map, start, end);
    }

    private void Munmap(uint pid, ulong address, ulong size)
    {
        var space = Space(pid);
        var (start, end) = Pages(address, size);
        if (!Unmap(space, start, end, notify: true))
        {
            _traceErrors++;
        }
    }

    /// <summary>Removes <c>[start, end)</c> from the map, freeing capacity; returns whether anything was mapped there.</summary>
    private bool Unmap(AddressSpace space, ulong start, ulong end, bool notify)
    {
        var map = space.Map;
        SplitAt(map, start);
        SplitAt(map, end);
        var any = false;
        var p = map.LowerBound(start);
        if (map.Previous(p, out var before) && map[before].Start >= start)
        {
            p = before;
        }

        while (!map.IsEnd(p) && map[p].Start < end)
        {
            ref var e = ref map[p];
            if (e.End <= start)
            {
                p = map.Next(p);
                continue;
            }

            any = true;
            if (e.Target >= 0)
            {
                _usedPages[e.Target] -= (long)e.Pages;
                space.UsedPages[e.Target] -= (long)e.Pages;
            }

            _stats.Release(e.Slot);
            p = map.RemoveAt(p);
            _rangeCount--;
        }

        if (any && notify)
        {
            NotifyUnmap(space.ProcessId, start, end);
        }

        return any;
    }

    /// <summary>Tells the policy that <c>[start, end)</c> of <paramref name="pid"/> was unmapped (nothing when empty).</summary>
    private void NotifyUnmap(uint pid, ulong start, ulong end)
    {
        if (start >= end)
        {
            return;
        }

        try
        {
            _policy.OnUnmap(new UnmapContext(pid, start, end, start, _now));
        }
        catch (Exception e) when (e is not PolicyFaultException and not InputException)
        {
            Fault(nameof(PlacementPolicy.OnUnmap), e.Message, e);
        }
    }

    private void Mremap(uint pid, ulong address, ulong size, ulong newAddress)
    {
        var space = Space(pid);
        var map = space.Map;
        var (start, end) = Pages(address, size);
        var newStart = newAddress >> _pageShift;
        if ((newAddress & (ulong)(_pageSize - 1)) != (address & (ulong)(_pageSize - 1)) || size > RoomBelowTop(newAddress))
        {
            _traceErrors++;
            return;
        }

        SplitAt(map, start);
        SplitAt(map, end);
        var moved = new List<RangeEntry>();
        var p = map.LowerBound(start);
        if (map.Previous(p, out var before) && map[before].Start >= start)
        {
            p = before;
        }

        while (!map.IsEnd(p) && map[p].Start < end)
        {
            if (map[p].End > start)
            {
                moved.Add(map[p]);
                p = map.RemoveAt(p);
                _rangeCount--;
            }
            else
            {
                p = map.Next(p);
            }
        }

        if (moved.Count == 0)
        {
            _traceErrors++;
            return;
        }

        // Whatever else is mapped at the destination goes first. The policy hears of the parts of
        // the destination outside the source only: its state for source pages there moves below.
        var newEnd = newStart + (end - start);
        if (Unmap(space, newStart, newEnd, notify: false))
        {
            NotifyUnmap(space.ProcessId, newStart, Math.Min(newEnd, start));
            NotifyUnmap(space.ProcessId, Math.Max(newStart, end), newEnd);
        }

        foreach (var e in moved)
        {
            var shifted = e;
            shifted.Start = e.Start - start + newStart;
            shifted.End = e.End - start + newStart;
            InsertEntry(map, map.LowerBound(shifted.Start), shifted);
        }

        Coalesce(map, newStart, newEnd);
        try
        {
            _policy.OnRemap(new UnmapContext(pid, start, end, newStart, _now));
        }
        catch (Exception e) when (e is not PolicyFaultException and not InputException)
        {
            Fault(nameof(PlacementPolicy.OnRemap), e.Message, e);
        }
    }

    private void Pin(uint pid, ulong address, ulong size, int delta)
    {
        var space = Space(pid);
        var (start, end) = Pages(address, size);
        foreach (var p in Isolate(space, start, end))
        {
            ref var e = ref space.Map[p];
            if (e.PinCount + delta < 0)
            {
                _traceErrors++;
            }
            else
            {
                e.PinCount += delta;
            }
        }

        Coalesce(space.Map, start, end);
    }

    private void Hint(uint pid, int initiator, ulong address, ulong size, ulong mask)
    {
        var space = Space(pid);
        var map = space.Map;
        var (start, end) = Pages(address, size);
        HintDecision decision;
        try
        {
            decision = _policy.OnHint(new HintContext(this, pid, new InitiatorId(initiator), start, end, mask, _now, _recordIndex));
        }
        catch (Exception e) when (e is not PolicyFaultException and not InputException)
        {
            Fault(nameof(PlacementPolicy.OnHint), e.Message, e);
            decision = _defaultPolicy.OnHint(new HintContext(this, pid, new InitiatorId(initiator), start, end, mask, _now, _recordIndex));
        }

        if (decision != HintDecision.Honour)
        {
            return;
        }

        foreach (var p in Isolate(space, start, end))
        {
            map[p].HintMask = mask;
        }

        Coalesce(map, start, end);
    }

    /// <summary>
    /// Splits the map at <paramref name="start"/> and <paramref name="end"/> (mapping the gaps first
    /// in an implicit process) and returns the positions of the entries in between, in order; each
    /// unmapped gap of an explicit process counts as one trace error. Positions stay valid while
    /// callers only change entries in place; merge afterwards with <see cref="Coalesce(RangeMap, ulong, ulong)"/>.
    /// </summary>
    private List<RangeMap.Position> Isolate(AddressSpace space, ulong start, ulong end)
    {
        var map = space.Map;
        if (!space.Explicit)
        {
            FillGaps(map, start, end);
        }

        SplitAt(map, start);
        SplitAt(map, end);
        var positions = new List<RangeMap.Position>();
        var page = start;
        while (page < end)
        {
            if (!map.TryFind(page, out var p))
            {
                var next = map.LowerBound(page);
                var gapEnd = map.IsEnd(next) ? end : Math.Min(end, map[next].Start);
                _traceErrors++;
                page = gapEnd;
                continue;
            }

            positions.Add(p);
            page = map[p].End;
        }

        return positions;
    }

    /// <summary>
    /// Gives pages <c>[start, end)</c> of the entry at <paramref name="p"/> the target <paramref name="to"/>.
    /// When the pages are a prefix or suffix of the entry and the neighbour on that side already
    /// has the new placement, the boundary between the two moves instead of splitting and merging
    /// (no entries are inserted or removed); their share of the statistics moves with them. For a
    /// migration the moved pages' history records the target they left. Returns whether the move
    /// is a ping-pong (the pages return to the target they left within the window).
    /// </summary>
    private bool Retarget(RangeMap map, RangeMap.Position p, ulong start, ulong end, int to, bool migration)
    {
        ref var e = ref map[p];
        var from = e.Target;
        bool pingPong = false;
        if (migration)
        {
            ref readonly var history = ref _stats[e.Slot];
            pingPong = history.LastLeftTarget == to && _now - history.LastLeftNs <= _options.PingPongWindowNs;
        }

        if (start == e.Start && end == e.End)
        {
            e.Target = to;
            if (migration)
            {
                Left(e.Slot, from);
            }

            Coalesce(map, p, start, end);
            return pingPong;
        }

        if (start == e.Start && map.Previous(p, out var before))
        {
            ref var left = ref map[before];
            if (left.End == start && left.Target == to && left.PinCount == e.PinCount && left.HintMask == e.HintMask)
            {
                var moved = _stats.SplitOff(e.Slot, end - start, e.Pages, _now);
                if (migration)
                {
                    Left(moved, from);
                }

                _stats.Absorb(left.Slot, moved);
                left.End = end;
                map.MoveStart(p, end);
                map.Claim(start, end, before);
                return pingPong;
            }
        }

        if (end == e.End)
        {
            var after = map.Next(p);
            if (!map.IsEnd(after))
            {
                ref var right = ref map[after];
                if (right.Start == end && right.Target == to && right.PinCount == e.PinCount && right.HintMask == e.HintMask)
                {
                    var moved = _stats.SplitOff(e.Slot, end - start, e.Pages, _now);
                    if (migration)
                    {
                        Left(moved, from);
                    }

                    _stats.Absorb(right.Slot, moved);
                    map.MoveStart(after, start);
                    e.End = start;
                    map.Claim(start, end, after);
                    return pingPong;
                }
            }
        }

        var mid = SplitAt(map, p, start);
        if (end < map[mid].End)
        {
            SplitAt(map, mid, end);
        }

        ref var middle = ref map[mid];
        middle.Target = to;
        if (migration)
        {
            Left(middle.Slot, from);
        }

        Coalesce(map, mid, start, end);
        return pingPong;
    }

    /// <summary>Records in a range's history that it left <paramref name="from"/> now.</summary>
    private void Left(int slot, int from)
    {
        ref var history = ref _stats[slot];
        history.LastLeftTarget = from;
        history.LastLeftNs = _now;
        history.Migrations++;
    }
}
