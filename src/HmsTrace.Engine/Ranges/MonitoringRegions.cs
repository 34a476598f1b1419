using HmsTrace.Policy;

namespace HmsTrace.Engine.Ranges;

/// <summary>
/// A bound on the regions the epoch hook sees (<see cref="ReplayOptions.MaxRegions"/>), by DAMON's
/// merge rule: while there are more views than the bound, passes over them merge each view into
/// the region before it when it starts where that region ends (same process, no unmapped gap
/// between) and their access frequencies (epoch page touches per page) differ by at most a threshold; the threshold starts at 0, then a tenth of the
/// highest frequency, and doubles after each pass that leaves too many (DAMON's
/// <c>kdamond_merge_regions</c>). Placement itself stays exact: only the view is coarse.
/// </summary>
/// <remarks>
/// A region is a run of adjacent ranges, so ranges separated by unmapped pages never share one, and
/// a process with more separate mappings than the bound shows one region per mapping at least. Its statistics: touches summed, last access the latest, pin
/// count the largest, hint masks or-ed, age the page-weighted mean (DAMON's), the dominant
/// initiator that of the summed per-initiator touches, and the target the one holding most of its
/// pages (unpopulated pages count as one more candidate, after the targets; ties go to the lower).
/// Fed one epoch's views in (process, start) order with <see cref="Add"/>; reused across epochs.
/// </remarks>
internal sealed class MonitoringRegions
{
    private readonly int _max;
    private readonly int _targets;
    private readonly int _initiators;

    // Per view: pages per target (and one column for unpopulated pages), then touches per initiator.
    private readonly int _width;
    private long[] _columns = [];

    // Per view: the sum of age × pages (a region's pages are its span: its ranges are adjacent).
    private Int128[] _ageWeight = [];
    private int _count;

    /// <param name="max">The bound (≥ 1).</param>
    /// <param name="targets">Targets of the machine.</param>
    /// <param name="initiators">Initiators whose touches are counted apart, or 0 when there is one.</param>
    public MonitoringRegions(int max, int targets, int initiators)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        _max = max;
        _targets = targets;
        _initiators = initiators;
        _width = targets + 1 + initiators;
    }

    /// <summary>Starts an epoch's views; <paramref name="capacity"/> is how many at most will be added.</summary>
    public void Begin(int capacity)
    {
        _count = 0;
        if (_ageWeight.Length < capacity)
        {
            var grown = Math.Max(capacity, _ageWeight.Length * 2);
            _columns = new long[grown * _width];
            _ageWeight = new Int128[grown];
        }
    }

    /// <summary>Adds the next view (in (process, start) order) with its touches per initiator (empty when not counted apart).</summary>
    public void Add(in RangeView view, ReadOnlySpan<long> perInitiator)
    {
        var row = _columns.AsSpan(_count * _width, _width);
        row.Clear();
        var pages = (long)view.Pages;
        row[view.Target.IsSome ? view.Target.Value : _targets] = pages;
        perInitiator.CopyTo(row[(_targets + 1)..]);
        _ageWeight[_count] = (Int128)view.AgeNs * pages;
        _count++;
    }

    /// <summary>
    /// Merges <paramref name="views"/> (the ones added, in the same order) in place into at most
    /// the bound's regions (or one per run of adjacent ranges, when there are more); returns how many.
    /// Views already within the bound are left as they are.
    /// </summary>
    public int Bound(Span<RangeView> views)
    {
        var n = _count;
        if (n <= _max)
        {
            return n;
        }

        var highest = 0.0;
        foreach (ref readonly var v in views[..n])
        {
            highest = Math.Max(highest, Frequency(v));
        }

        var threshold = 0.0;
        while (true)
        {
            n = Pass(views, n, threshold);
            if (n <= _max || threshold >= highest)
            {
                break;
            }

            threshold = threshold == 0 ? highest / 10 : threshold * 2;
        }

        for (var i = 0; i < n; i++)
        {
            views[i] = Finish(views[i], i);
        }

        return n;
    }

    /// <summary>Epoch page touches per page of the view's span.</summary>
    private static double Frequency(in RangeView v) => (double)v.EpochAccesses / v.Pages;

    /// <summary>One merge pass at <paramref name="threshold"/> over the first <paramref name="n"/> views; returns how many remain.</summary>
    private int Pass(Span<RangeView> views, int n, double threshold)
    {
        var prev = 0;
        for (var i = 1; i < n; i++)
        {
            if (views[i].ProcessId == views[prev].ProcessId && views[prev].EndPage == views[i].StartPage
                && Math.Abs(Frequency(views[prev]) - Frequency(views[i])) <= threshold)
            {
                Merge(views, prev, i);
                continue;
            }

            prev++;
            if (prev != i)
            {
                views[prev] = views[i];
                _columns.AsSpan(i * _width, _width).CopyTo(_columns.AsSpan(prev * _width, _width));
                _ageWeight[prev] = _ageWeight[i];
            }
        }

        return prev + 1;
    }

    private void Merge(Span<RangeView> views, int into, int from)
    {
        ref var a = ref views[into];
        ref readonly var b = ref views[from];
        a = a with
        {
            EndPage = b.EndPage,
            PinCount = Math.Max(a.PinCount, b.PinCount),
            HintMask = a.HintMask | b.HintMask,
            EpochAccesses = a.EpochAccesses + b.EpochAccesses,
            DecayedAccesses = a.DecayedAccesses + b.DecayedAccesses,
            LastAccessNs = Math.Max(a.LastAccessNs, b.LastAccessNs),
        };
        var to = _columns.AsSpan(into * _width, _width);
        var add = _columns.AsSpan(from * _width, _width);
        for (var c = 0; c < _width; c++)
        {
            to[c] += add[c];
        }

        _ageWeight[into] += _ageWeight[from];
    }

    /// <summary>The target, age and dominant initiator of region <paramref name="i"/> from its sums.</summary>
    private RangeView Finish(in RangeView region, int i)
    {
        var row = _columns.AsSpan(i * _width, _width);
        var target = 0;
        for (var c = 1; c <= _targets; c++)
        {
            if (row[c] > row[target])
            {
                target = c;
            }
        }

        var dominant = _initiators == 0 && region.EpochAccesses > 0 ? 0 : -1;
        long best = 0;
        var touches = row[(_targets + 1)..];
        for (var c = 0; c < touches.Length; c++)
        {
            if (touches[c] > best)
            {
                best = touches[c];
                dominant = c;
            }
        }

        return region with
        {
            Target = target < _targets ? new TargetId(target) : TargetId.None,
            AgeNs = (long)(_ageWeight[i] / (long)region.Pages),
            DominantInitiator = dominant,
        };
    }
}
