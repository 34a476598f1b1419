using System.Numerics;
using System.Runtime.InteropServices;

namespace HmsTrace.Traces.Statistics;

/// <summary>
/// A set of page numbers. Small additions are stored as 64-page groups: group number → 64-bit
/// occupancy mask (dense footprints cost about 3 bits per page, scattered ones about 24 bytes per
/// page, one dictionary entry); the last group touched is kept aside, since consecutive accesses
/// mostly hit it. An addition of more than <see cref="SpanPages"/> pages is kept as an interval
/// instead, so that one huge access (a 16 TiB read, or a damaged record) costs 16 bytes, not a
/// bit per page. Mutable.
/// </summary>
internal sealed class PageSet
{
    /// <summary>Additions longer than this many pages are kept as intervals, not in groups.</summary>
    public const ulong SpanPages = 4096;

    private readonly Dictionary<ulong, ulong> _groups = [];
    private ulong _lastGroup = ulong.MaxValue;
    private ulong _lastBits;
    private List<(ulong First, ulong Last)> _spans = [];
    private int _mergedSpans;

    /// <summary>Adds pages <paramref name="first"/> through <paramref name="last"/>, inclusive.</summary>
    public void Add(ulong first, ulong last)
    {
        if (last - first >= SpanPages)
        {
            _spans.Add((first, last));
            if (_spans.Count >= 2 * Math.Max(_mergedSpans, 1024))
            {
                // Repeated huge accesses over the same pages stay as many intervals as are distinct.
                _spans = MergedSpans();
                _mergedSpans = _spans.Count;
            }

            return;
        }

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

    /// <summary>The maximal runs of pages in the set, as (first page, page count), in ascending order.</summary>
    public List<(ulong First, ulong Count)> Runs()
    {
        Flush();
        var groups = new (ulong Group, ulong Bits)[_groups.Count];
        var i = 0;
        foreach (var (group, bits) in _groups)
        {
            groups[i++] = (group, bits);
        }

        Array.Sort(groups, static (a, b) => a.Group.CompareTo(b.Group));

        // Both lists sorted by first page; the union is built in one merge, inclusive bounds throughout.
        var fromGroups = new List<(ulong First, ulong Last)>();
        foreach (var (group, mask) in groups)
        {
            var bits = mask;
            while (bits != 0)
            {
                var offset = BitOperations.TrailingZeroCount(bits);
                var ones = BitOperations.TrailingZeroCount(~(bits >> offset));
                var start = (group << 6) + (ulong)offset;
                Append(fromGroups, start, start + (ulong)ones - 1);
                bits = offset + ones >= 64 ? 0 : bits & (ulong.MaxValue << (offset + ones));
            }
        }

        var spans = MergedSpans();
        var union = new List<(ulong First, ulong Last)>(fromGroups.Count + spans.Count);
        int a = 0, b = 0;
        while (a < fromGroups.Count || b < spans.Count)
        {
            var next = b >= spans.Count || (a < fromGroups.Count && fromGroups[a].First <= spans[b].First) ? fromGroups[a++] : spans[b++];
            Append(union, next.First, next.Last);
        }

        var runs = new List<(ulong First, ulong Count)>(union.Count);
        foreach (var (first, last) in union)
        {
            runs.Add((first, last - first + 1));
        }

        return runs;
    }

    /// <summary>The number of pages in <paramref name="runs"/>.</summary>
    public static long CountPages(List<(ulong First, ulong Count)> runs)
    {
        ulong pages = 0;
        foreach (var (_, count) in runs)
        {
            pages += count;
        }

        return (long)Math.Min(pages, long.MaxValue);
    }

    private List<(ulong First, ulong Last)> MergedSpans()
    {
        _spans.Sort(static (x, y) => x.First.CompareTo(y.First));
        var merged = new List<(ulong First, ulong Last)>(_spans.Count);
        foreach (var (first, last) in _spans)
        {
            Append(merged, first, last);
        }

        return merged;
    }

    // Appends [first, last] to a list sorted by first page, merging it into the last interval when
    // they overlap or touch.
    private static void Append(List<(ulong First, ulong Last)> list, ulong first, ulong last)
    {
        if (list.Count > 0 && list[^1].Last != ulong.MaxValue && first <= list[^1].Last + 1)
        {
            if (last > list[^1].Last)
            {
                list[^1] = (list[^1].First, last);
            }

            return;
        }

        if (list.Count > 0 && list[^1].Last == ulong.MaxValue)
        {
            return;
        }

        list.Add((first, last));
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
