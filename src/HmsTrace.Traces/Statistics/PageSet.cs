using System.Numerics;
using System.Runtime.InteropServices;

namespace HmsTrace.Traces.Statistics;

/// <summary>
/// A set of page numbers stored as 64-page groups: group number → 64-bit occupancy mask. Dense
/// footprints cost about 3 bits per page, scattered ones about 24 bytes per page (one dictionary
/// entry). The last group touched is kept aside, since consecutive accesses mostly hit it. Mutable.
/// </summary>
internal sealed class PageSet
{
    private readonly Dictionary<ulong, ulong> _groups = [];
    private ulong _lastGroup = ulong.MaxValue;
    private ulong _lastBits;

    /// <summary>Adds pages <paramref name="first"/> through <paramref name="last"/>, inclusive.</summary>
    public void Add(ulong first, ulong last)
    {
        var group = first >> 6;
        var lastGroup = last >> 6;
        while (true)
        {
            var from = group == first >> 6 ? (int)(first & 63) : 0;
            var to = group == lastGroup ? (int)(last & 63) : 63;
            var bits = (ulong.MaxValue >> (63 - to)) & (ulong.MaxValue << from);
            if (group != _lastGroup)
            {
                Flush();
                _lastGroup = group;
            }

            _lastBits |= bits;
            if (group == lastGroup)
            {
                return;
            }

            group++;
        }
    }

    /// <summary>The groups with their masks in ascending order (flushes the pending group first).</summary>
    public (ulong Group, ulong Bits)[] SortedGroups()
    {
        Flush();
        var groups = new (ulong Group, ulong Bits)[_groups.Count];
        var i = 0;
        foreach (var (group, bits) in _groups)
        {
            groups[i++] = (group, bits);
        }

        Array.Sort(groups, static (a, b) => a.Group.CompareTo(b.Group));
        return groups;
    }

    /// <summary>Calls <paramref name="onRun"/> with (first page, page count) for each maximal run, in ascending order.</summary>
    public static void ForEachRun((ulong Group, ulong Bits)[] groups, Action<ulong, ulong> onRun)
    {
        ulong runStart = 0;
        ulong runLength = 0;
        foreach (var (group, mask) in groups)
        {
            var bits = mask;
            while (bits != 0)
            {
                var offset = BitOperations.TrailingZeroCount(bits);
                var ones = BitOperations.TrailingZeroCount(~(bits >> offset));
                var start = (group << 6) + (ulong)offset;
                if (runLength > 0 && runStart + runLength == start)
                {
                    runLength += (ulong)ones;
                }
                else
                {
                    if (runLength > 0)
                    {
                        onRun(runStart, runLength);
                    }

                    runStart = start;
                    runLength = (ulong)ones;
                }

                bits = offset + ones >= 64 ? 0 : bits & (ulong.MaxValue << (offset + ones));
            }
        }

        if (runLength > 0)
        {
            onRun(runStart, runLength);
        }
    }

    public static long CountPages((ulong Group, ulong Bits)[] groups)
    {
        long pages = 0;
        foreach (var (_, bits) in groups)
        {
            pages += BitOperations.PopCount(bits);
        }

        return pages;
    }

    private void Flush()
    {
        if (_lastBits != 0)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_groups, _lastGroup, out _) |= _lastBits;
            _lastBits = 0;
        }

        _lastGroup = ulong.MaxValue;
    }
}
