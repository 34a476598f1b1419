using System.Text;

namespace HmsTrace.Report.Rendering;

/// <summary>Draws a <see cref="StackedSeries"/> as step areas or as bars: one <c>path.mark</c> per non-empty layer.</summary>
internal static class StackedChart
{
    public static string Areas(ChartFrame frame, StackedSeries data, string emptyNote)
    {
        var n = data.Starts.Length;
        var below = new double[n];
        var any = false;
        foreach (var (label, color, values) in data.Layers)
        {
            if (values.All(v => v == 0))
            {
                continue;
            }

            var d = new StringBuilder();
            for (var i = 0; i < n; i++)
            {
                var top = below[i] + values[i];
                d.Append(i == 0 ? 'M' : 'L').Append(Html.N(frame.X(data.Starts[i]))).Append(' ').Append(Html.N(frame.Y(top)))
                 .Append('L').Append(Html.N(frame.X(data.Ends[i]))).Append(' ').Append(Html.N(frame.Y(top)));
            }

            for (var i = n - 1; i >= 0; i--)
            {
                d.Append('L').Append(Html.N(frame.X(data.Ends[i]))).Append(' ').Append(Html.N(frame.Y(below[i])))
                 .Append('L').Append(Html.N(frame.X(data.Starts[i]))).Append(' ').Append(Html.N(frame.Y(below[i])));
                below[i] += values[i];
            }

            d.Append('Z');
            any = true;
            frame.Marks.Append("<path class=\"mark area\" fill=\"").Append(color).Append("\" stroke=\"").Append(color).Append("\" d=\"").Append(d)
                 .Append("\"><title>").Append(Html.Escape(label)).Append("</title></path>");
        }

        if (!any)
        {
            frame.EmptyNote = emptyNote;
        }

        return frame.Render();
    }

    public static string Bars(ChartFrame frame, StackedSeries data, string emptyNote)
    {
        var n = data.Starts.Length;
        var below = new double[n];
        var any = false;
        foreach (var (label, color, values) in data.Layers)
        {
            var d = new StringBuilder();
            for (var i = 0; i < n; i++)
            {
                if (values[i] <= 0)
                {
                    continue;
                }

                var x0 = frame.X(data.Starts[i]);
                var x1 = frame.X(data.Ends[i]);
                var gap = Math.Min(1, (x1 - x0) / 4);
                var y0 = frame.Y(below[i]);
                var y1 = frame.Y(below[i] + values[i]);
                below[i] += values[i];
                d.Append('M').Append(Html.N(x0 + gap)).Append(' ').Append(Html.N(y0)).Append('V').Append(Html.N(y1))
                 .Append('H').Append(Html.N(x1 - gap)).Append('V').Append(Html.N(y0)).Append('Z');
            }

            if (d.Length == 0)
            {
                continue;
            }

            any = true;
            frame.Marks.Append("<path class=\"mark bar\" fill=\"").Append(color).Append("\" d=\"").Append(d).Append("\"><title>")
                 .Append(Html.Escape(label)).Append("</title></path>");
        }

        if (!any)
        {
            frame.EmptyNote = emptyNote;
        }

        return frame.Render();
    }
}
