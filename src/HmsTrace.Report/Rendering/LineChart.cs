namespace HmsTrace.Report.Rendering;

/// <summary>Draws lines (one <c>path.mark</c> per series), with dots when a series has few points.</summary>
internal static class LineChart
{
    private const int DotsUpTo = 40;

    public static string Render(ChartFrame frame, IReadOnlyList<LineSeries> series)
    {
        var any = false;
        // The best-ranked run comes first in the list and is drawn last, on top.
        for (var index = series.Count - 1; index >= 0; index--)
        {
            var s = series[index];
            var d = new System.Text.StringBuilder();
            var pen = false;
            var dots = new System.Text.StringBuilder();
            var finite = s.Points.Count(p => double.IsFinite(p.Y));
            foreach (var (x, y) in s.Points)
            {
                if (!double.IsFinite(y))
                {
                    pen = false;
                    continue;
                }

                var px = frame.X(x);
                var py = frame.Y(y);
                d.Append(pen ? 'L' : 'M').Append(Html.N(px)).Append(' ').Append(Html.N(py));
                pen = true;
                if (finite <= DotsUpTo)
                {
                    dots.Append('M').Append(Html.N(px - 2.5)).Append(' ').Append(Html.N(py)).Append("a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0 -5 0");
                }
            }

            if (d.Length == 0)
            {
                continue;
            }

            any = true;
            frame.Marks.Append("<path class=\"mark line\" fill=\"none\" stroke=\"").Append(s.Color).Append("\" d=\"").Append(d).Append("\"><title>")
                 .Append(Html.Escape(s.Label)).Append("</title></path>");
            if (dots.Length > 0)
            {
                frame.Marks.Append("<path class=\"mark dot\" fill=\"").Append(s.Color).Append("\" d=\"").Append(dots).Append("\"/>");
            }
        }

        if (!any)
        {
            frame.EmptyNote ??= "no data";
        }

        return frame.Render();
    }
}
