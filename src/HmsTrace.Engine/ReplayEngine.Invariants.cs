using System.Globalization;
using HmsTrace.Engine.Ranges;

namespace HmsTrace.Engine;

/// <summary>Consistency checks of the range maps, for tests.</summary>
public sealed partial class ReplayEngine
{
    /// <summary>
    /// Walks every range map and throws <see cref="InvalidOperationException"/> at the first
    /// violation: ranges of a process are non-empty, sorted and non-overlapping; adjacent ranges
    /// differ in placement (target, pin count, hint), else they should have been merged; pin
    /// counts are non-negative; targets are usable; every range is found by a lookup of its first
    /// and last page; statistics slots are not shared; and the used pages of every target, per
    /// machine and per process, equal the pages of the populated ranges on it. Call it between
    /// records, never from a policy hook.
    /// </summary>
    internal void CheckInvariants()
    {
        var used = new long[_nt];
        var slots = new HashSet<int>();
        long ranges = 0;
        foreach (var space in _spaceOrder)
        {
            var map = space.Map;
            var broken = map.CheckStructure();
            Require(broken is null, $"process {space.ProcessId}", $"has a broken range map: {broken}");
            var spaceUsed = new long[_nt];
            var count = 0;
            var hasPrevious = false;
            RangeEntry previous = default;
            for (var p = map.First; !map.IsEnd(p); p = map.Next(p))
            {
                var e = map[p];
                var where = string.Create(CultureInfo.InvariantCulture, $"process {space.ProcessId}, range [{e.Start}, {e.End})");
                Require(e.Start < e.End, where, "is empty or inverted");
                Require(e.PinCount >= 0, where, "has a negative pin count");
                Require(e.Target >= -1 && e.Target < _nt && (e.Target < 0 || _binding.TargetUsable[e.Target]), where, $"lives on invalid target {e.Target}");
                Require(slots.Add(e.Slot), where, $"shares statistics slot {e.Slot}");
                Require(map.TryFind(e.Start, out var first) && first == p, where, "is not found by its first page");
                Require(map.TryFind(e.End - 1, out var last) && last == p, where, "is not found by its last page");
                if (hasPrevious)
                {
                    Require(previous.End <= e.Start, where, $"overlaps or precedes [{previous.Start}, {previous.End})");
                    Require(previous.End != e.Start || !previous.SamePlacement(e), where, $"has the placement of its neighbour [{previous.Start}, {previous.End}) and was not merged");
                    Require(previous.End == e.Start || !map.TryFind(previous.End, out _), where, "has a gap before it that a lookup finds");
                }

                if (e.Target >= 0)
                {
                    spaceUsed[e.Target] += (long)e.Pages;
                    used[e.Target] += (long)e.Pages;
                }

                previous = e;
                hasPrevious = true;
                count++;
            }

            Require(count == map.Count, $"process {space.ProcessId}", $"walks {count} ranges but counts {map.Count}");
            for (var t = 0; t < _nt; t++)
            {
                Require(spaceUsed[t] == space.UsedPages[t], $"process {space.ProcessId}", $"has {spaceUsed[t]} pages on {_targetNames[t]} but accounts {space.UsedPages[t]}");
            }

            ranges += count;
        }

        Require(_spaceOrder.Count == _spaces.Count, "engine", "lists a process twice or misses one");
        for (var t = 0; t < _nt; t++)
        {
            Require(used[t] == _usedPages[t], _targetNames[t], $"holds {used[t]} pages of ranges but accounts {_usedPages[t]} used");
        }

        Require(ranges == _rangeCount, "engine", $"holds {ranges} ranges but counts {_rangeCount}");
    }

    /// <summary>Every populated page of every process with the target holding it, for tests.</summary>
    internal IEnumerable<(uint Pid, ulong Page, int Target)> ResidentPages()
    {
        foreach (var space in _spaceOrder)
        {
            var map = space.Map;
            for (var p = map.First; !map.IsEnd(p); p = map.Next(p))
            {
                var e = map[p];
                for (var page = e.Start; e.Target >= 0 && page < e.End; page++)
                {
                    yield return (space.ProcessId, page, e.Target);
                }
            }
        }
    }

    private static void Require(bool condition, string where, string problem)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Range map invariant broken: {where} {problem}.");
        }
    }
}
