using System.Globalization;
using System.Text;
using HmsTrace.Report.Loading;

namespace HmsTrace.Report.Rendering;

/// <summary>
/// The range heatmap: x is trace time (one column per snapshot epoch, bucketed when there are more epochs than
/// pixels), y is the address space compressed to the ranges that saw accesses (untouched gaps are removed and marked
/// by a separator; when there are many small segments the smallest gaps are kept instead), colour is page touches
/// per 4 KiB of address per epoch on a log scale. A range's touches are spread evenly over its bytes.
/// </summary>
internal static class Heatmap
{
    private const int MaxSegments = 24;
    private const double PageBytes = 4096;

    public static (string Svg, string Legend) Render(IReadOnlyList<RangeCell> cells, IReadOnlyDictionary<long, (double Start, double End)> epochSpans, Axis time, int width, int height, string description)
    {
        var segments = Segments(cells);
        var multiPid = segments.Select(s => s.Pid).Distinct().Count() > 1;
        var labels = segments.Select(s => Label(s, multiPid)).ToList();
        var leftMargin = (int)Math.Min(170, 30 + (labels.Count == 0 ? 8 : labels.Max(l => l.Length)) * ChartFrame.CharPx);
        var plotHeight = height - 52;
        var totalBytes = segments.Sum(s => (double)(s.End - s.Start));
        var targetRows = Math.Max(segments.Count, Math.Min(160, plotHeight / 2));
        var rows = new int[segments.Count];
        var rowStart = new int[segments.Count];
        var total = 0;
        for (var i = 0; i < segments.Count; i++)
        {
            rowStart[i] = total;
            rows[i] = Math.Max(1, (int)Math.Floor(targetRows * ((segments[i].End - segments[i].Start) / totalBytes)));
            total += rows[i];
        }

        var ticks = new List<(double, string)>();
        for (var i = 0; i < segments.Count; i++)
        {
            ticks.Add((rowStart[i], labels[i]));
        }

        var yAxis = new Axis(0, Math.Max(1, total), ScaledUnit.Count, multiPid ? "pid:address (touched ranges; untouched gaps removed)" : "address (touched ranges; untouched gaps removed)", FixedTicks: ticks);
        var frame = new ChartFrame("heatmap", width, height, time, yAxis, description, leftMargin);
        if (segments.Count == 0)
        {
            frame.EmptyNote = "no range saw accesses in the snapshots";
            return (frame.Render(), "");
        }

        // Columns: the snapshot epochs, grouped so that a column is at least 2 px wide.
        var epochs = cells.Select(c => c.Epoch).Distinct().Order().ToList();
        var maxColumns = Math.Max(1, (int)(frame.PlotWidth / 2));
        var perColumn = (epochs.Count + maxColumns - 1) / maxColumns;
        var columnOf = new Dictionary<long, int>();
        for (var i = 0; i < epochs.Count; i++)
        {
            columnOf[epochs[i]] = i / perColumn;
        }

        var columns = (epochs.Count + perColumn - 1) / perColumn;
        var values = new double[columns, total];
        foreach (var c in cells)
        {
            var s = FindSegment(segments, c.Pid, c.Start);
            var seg = segments[s];
            var segBytes = (double)(seg.End - seg.Start);
            var cellBytes = (double)(c.End - c.Start);
            var first = (int)Math.Floor((c.Start - seg.Start) / segBytes * rows[s]);
            var last = Math.Min(rows[s] - 1, (int)Math.Floor((c.End - 1 - seg.Start) / segBytes * rows[s]));
            for (var r = Math.Max(0, first); r <= last; r++)
            {
                var r0 = seg.Start + (segBytes * r / rows[s]);
                var r1 = seg.Start + (segBytes * (r + 1) / rows[s]);
                var overlap = Math.Min(r1, c.End) - Math.Max(r0, c.Start);
                if (overlap > 0)
                {
                    values[columnOf[c.Epoch], rowStart[s] + r] += c.Accesses * (overlap / cellBytes) / (segBytes / rows[s] / PageBytes) / perColumn;
                }
            }
        }

        var lo = double.PositiveInfinity;
        var hi = 0.0;
        foreach (var v in values)
        {
            if (v > 0)
            {
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
        }

        var levels = Palette.Heat.Count;
        // Equal values (a uniformly touched buffer) differ only by rounding: one colour, not noise across the ramp.
        var flat = hi <= lo * (1 + 1e-6);
        var bounds = new double[levels + 1];
        for (var k = 0; k <= levels; k++)
        {
            bounds[k] = !flat ? lo * Math.Pow(hi / lo, (double)k / levels) : lo * (k + 1) / levels;
        }

        var paths = new StringBuilder[levels];
        for (var k = 0; k < levels; k++)
        {
            paths[k] = new StringBuilder();
        }

        var rowPx = frame.PlotHeight / total;
        for (var col = 0; col < columns; col++)
        {
            var firstEpoch = epochs[col * perColumn];
            var lastEpoch = epochs[Math.Min(epochs.Count - 1, ((col + 1) * perColumn) - 1)];
            var x0 = frame.X(epochSpans.TryGetValue(firstEpoch, out var a) ? a.Start : firstEpoch);
            var x1 = frame.X(epochSpans.TryGetValue(lastEpoch, out var b) ? b.End : lastEpoch + 1);
            for (var r = 0; r < total; r++)
            {
                var v = values[col, r];
                if (v <= 0)
                {
                    continue;
                }

                var k = !flat ? Math.Clamp((int)Math.Floor(Math.Log(v / lo) / Math.Log(hi / lo) * levels), 0, levels - 1) : levels - 1;
                var y1 = frame.Bottom - (r * rowPx);
                paths[k].Append('M').Append(Html.N(x0)).Append(' ').Append(Html.N(y1 - rowPx)).Append('H').Append(Html.N(x1))
                        .Append('V').Append(Html.N(y1)).Append('H').Append(Html.N(x0)).Append('Z');
            }
        }

        for (var k = 0; k < levels; k++)
        {
            if (paths[k].Length > 0)
            {
                frame.Marks.Append("<path class=\"mark cell\" fill=\"").Append(Palette.Heat[k]).Append("\" d=\"").Append(paths[k]).Append("\"/>");
            }
        }

        var separators = new StringBuilder();
        for (var i = 1; i < segments.Count; i++)
        {
            var y = frame.Bottom - (rowStart[i] * rowPx);
            separators.Append('M').Append(Html.N(frame.Left)).Append(' ').Append(Html.N(y)).Append('H').Append(Html.N(frame.Right));
        }

        if (separators.Length > 0)
        {
            frame.Marks.Append("<path class=\"separator\" d=\"").Append(separators).Append("\"/>");
        }

        var legend = new StringBuilder("<ul class=\"legend heat\"><li class=\"legend-title\">page touches per 4 KiB per epoch</li>");
        if (flat)
        {
            legend.Append("<li><span class=\"swatch\" style=\"background:").Append(Palette.Heat[levels - 1]).Append("\"></span>").Append(Html.Escape(Short(hi))).Append(" everywhere touched</li></ul>");
            return (frame.Render(), legend.ToString());
        }

        for (var k = 0; k < levels; k++)
        {
            legend.Append("<li><span class=\"swatch\" style=\"background:").Append(Palette.Heat[k]).Append("\"></span>")
                  .Append(Html.Escape(Short(bounds[k]))).Append(k == levels - 1 ? "–" + Html.Escape(Short(bounds[levels])) : "+").Append("</li>");
        }

        legend.Append("</ul>");
        return (frame.Render(), legend.ToString());
    }

    private static string Label(Segment s, bool withPid)
        => (withPid ? s.Pid.ToString(CultureInfo.InvariantCulture) + ":" : "") + "0x" + s.Start.ToString("x", CultureInfo.InvariantCulture);

    private static string Short(double v) => v switch
    {
        >= 1e9 => (v / 1e9).ToString("0.#", CultureInfo.InvariantCulture) + "G",
        >= 1e6 => (v / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + "M",
        >= 1e3 => (v / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        >= 10 => v.ToString("0", CultureInfo.InvariantCulture),
        >= 0.1 => v.ToString("0.##", CultureInfo.InvariantCulture),
        >= 0.001 => v.ToString("0.####", CultureInfo.InvariantCulture),
        _ => v.ToString("0.#E+0", CultureInfo.InvariantCulture),
    };

    private static int FindSegment(List<Segment> segments, long pid, ulong address)
    {
        int lo = 0, hi = segments.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            var s = segments[mid];
            if (s.Pid < pid || (s.Pid == pid && s.Start <= address))
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }

    /// <summary>Touched address intervals per process, merged, then joined across the smallest gaps down to <see cref="MaxSegments"/>.</summary>
    private static List<Segment> Segments(IReadOnlyList<RangeCell> cells)
    {
        var intervals = cells.Select(c => new Segment(c.Pid, c.Start, c.End)).Distinct().ToList();
        intervals.Sort(static (a, b) => a.Pid != b.Pid ? a.Pid.CompareTo(b.Pid) : a.Start.CompareTo(b.Start));
        var merged = new List<Segment>();
        foreach (var s in intervals)
        {
            if (merged.Count > 0 && merged[^1].Pid == s.Pid && s.Start <= merged[^1].End)
            {
                merged[^1] = merged[^1] with { End = Math.Max(merged[^1].End, s.End) };
            }
            else
            {
                merged.Add(s);
            }
        }

        if (merged.Count <= MaxSegments)
        {
            return merged;
        }

        // Keep the largest gaps (and every process boundary); close the rest.
        var gaps = new List<(ulong Size, int Index)>();
        for (var i = 1; i < merged.Count; i++)
        {
            gaps.Add((merged[i].Pid != merged[i - 1].Pid ? ulong.MaxValue : merged[i].Start - merged[i - 1].End, i));
        }

        gaps.Sort(static (a, b) => a.Size != b.Size ? b.Size.CompareTo(a.Size) : a.Index.CompareTo(b.Index));
        var processBoundaries = gaps.Count(g => g.Size == ulong.MaxValue);
        var keep = new HashSet<int>(gaps.Take(Math.Max(processBoundaries, MaxSegments - 1)).Select(g => g.Index));
        var result = new List<Segment> { merged[0] };
        for (var i = 1; i < merged.Count; i++)
        {
            if (keep.Contains(i))
            {
                result.Add(merged[i]);
            }
            else
            {
                result[^1] = result[^1] with { End = merged[i].End };
            }
        }

        return result;
    }

    private readonly record struct Segment(long Pid, ulong Start, ulong End);
}
