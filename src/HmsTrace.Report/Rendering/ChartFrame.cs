using System.Text;

namespace HmsTrace.Report.Rendering;

/// <summary>
/// The frame of one SVG chart: plot area, axes, grid, tick labels and axis titles; charts add their marks to
/// <see cref="Marks"/> in plot coordinates from <see cref="X"/> and <see cref="Y"/>. Tick labels cannot overlap by
/// construction: the tick count is chosen from the plot size and an upper bound of each label's width. Mutable.
/// </summary>
internal sealed class ChartFrame
{
    /// <summary>Font size of tick labels, px.</summary>
    public const double FontPx = 11;

    /// <summary>An upper bound of a tick label character's width at <see cref="FontPx"/>, px.</summary>
    public const double CharPx = 7;

    /// <summary>Least vertical distance between two y tick labels, px.</summary>
    public const double MinLabelGapPx = 14;

    private readonly string _kind;
    private readonly string _description;

    public ChartFrame(string kind, int width, int height, Axis x, Axis y, string description, int leftMarginPx = 64)
    {
        _kind = kind;
        _description = description;
        Width = width;
        Height = height;
        XAxis = x;
        YAxis = y;
        Top = 10;
        PlotHeight = height - Top - 42;
        _yTicks = ComputeYTicks();
        // Room for the widest y tick label plus the rotated axis title: labels never need cutting.
        var widest = _yTicks.Count == 0 ? 0 : _yTicks.Max(t => t.Text.Length);
        Left = Math.Max(leftMarginPx, Math.Ceiling(30 + (widest * CharPx)));
        PlotWidth = width - Left - 20;
    }

    private readonly List<(double Value, string Text)> _yTicks;

    public int Width { get; }

    public int Height { get; }

    public Axis XAxis { get; }

    public Axis YAxis { get; }

    public double Left { get; }

    public double Top { get; }

    public double PlotWidth { get; }

    public double PlotHeight { get; }

    public double Bottom => Top + PlotHeight;

    public double Right => Left + PlotWidth;

    /// <summary>SVG elements drawn inside the plot area (after the grid, before the axes).</summary>
    public StringBuilder Marks { get; } = new();

    /// <summary>When set, the chart has no data: this note is drawn in the plot area and recorded in <c>data-empty</c>.</summary>
    public string? EmptyNote { get; set; }

    public double X(double value)
    {
        var span = XAxis.Max - XAxis.Min;
        return Left + (span > 0 ? (value - XAxis.Min) / span * PlotWidth : 0);
    }

    public double Y(double value)
    {
        var span = YAxis.Max - YAxis.Min;
        return Bottom - (span > 0 ? (value - YAxis.Min) / span * PlotHeight : 0);
    }

    /// <summary>The finished <c>&lt;svg&gt;</c> element.</summary>
    public string Render()
    {
        var sb = new StringBuilder();
        sb.Append("<svg class=\"chart\" data-chart=\"").Append(_kind).Append('"');
        if (EmptyNote is not null)
        {
            sb.Append(" data-empty=\"").Append(Html.Escape(EmptyNote)).Append('"');
        }

        sb.Append(" width=\"").Append(Width).Append("\" height=\"").Append(Height)
          .Append("\" viewBox=\"0 0 ").Append(Width).Append(' ').Append(Height)
          .Append("\" role=\"img\" aria-label=\"").Append(Html.Escape(_description)).Append("\">");
        sb.Append("<title>").Append(Html.Escape(_description)).Append("</title>");
        var labels = new StringBuilder();
        var grid = new StringBuilder();
        YTicks(grid, labels);
        XTicks(labels);
        if (grid.Length > 0)
        {
            sb.Append("<path class=\"grid\" d=\"").Append(grid).Append("\"/>");
        }

        sb.Append(Marks);
        if (EmptyNote is not null)
        {
            sb.Append("<text class=\"note\" x=\"").Append(Html.N(Left + (PlotWidth / 2))).Append("\" y=\"").Append(Html.N(Top + (PlotHeight / 2)))
              .Append("\" text-anchor=\"middle\">").Append(Html.Escape(EmptyNote)).Append("</text>");
        }

        sb.Append("<path class=\"axis\" d=\"M").Append(Html.N(Left)).Append(' ').Append(Html.N(Top))
          .Append('V').Append(Html.N(Bottom)).Append('H').Append(Html.N(Right)).Append("\"/>");
        sb.Append(labels);
        sb.Append("<text class=\"axis-title\" x=\"").Append(Html.N(Left + (PlotWidth / 2))).Append("\" y=\"").Append(Html.N(Height - 6))
          .Append("\" text-anchor=\"middle\">").Append(Html.Escape(XAxis.Caption)).Append("</text>");
        sb.Append("<text class=\"axis-title\" transform=\"translate(13 ").Append(Html.N(Top + (PlotHeight / 2)))
          .Append(") rotate(-90)\" text-anchor=\"middle\">").Append(Html.Escape(YAxis.Caption)).Append("</text>");
        sb.Append("</svg>");
        return sb.ToString();
    }

    private List<(double Value, string Text)> ComputeYTicks()
    {
        var ticks = new List<(double Value, string Text)>();
        if (YAxis.FixedTicks is { } fixedTicks)
        {
            ticks.AddRange(fixedTicks);
        }
        else
        {
            var maxCount = (int)Math.Max(2, Math.Floor(PlotHeight / (MinLabelGapPx * 2)) + 1);
            var f = YAxis.Unit.Factor;
            var (values, step) = Ticks.Nice(YAxis.Min / f, YAxis.Max / f, maxCount, YAxis.Integer);
            foreach (var v in values)
            {
                ticks.Add((v * f, Ticks.Label(v, step)));
            }
        }

        return ticks;
    }

    private void YTicks(StringBuilder grid, StringBuilder labels)
    {
        var lastY = double.PositiveInfinity;
        foreach (var (value, text) in _yTicks)
        {
            var y = Y(value);
            if (y < Top - 0.5 || y > Bottom + 0.5 || lastY - y < MinLabelGapPx)
            {
                continue;
            }

            lastY = y;
            if (YAxis.FixedTicks is null)
            {
                grid.Append('M').Append(Html.N(Left)).Append(' ').Append(Html.N(y)).Append('H').Append(Html.N(Right));
            }
            else
            {
                grid.Append('M').Append(Html.N(Left - 4)).Append(' ').Append(Html.N(y)).Append('H').Append(Html.N(Left));
            }

            labels.Append("<text class=\"tick\" x=\"").Append(Html.N(Left - 6)).Append("\" y=\"").Append(Html.N(y + 4))
                  .Append("\" text-anchor=\"end\">").Append(Html.Escape(text)).Append("</text>");
        }
    }

    private void XTicks(StringBuilder labels)
    {
        var f = XAxis.Unit.Factor;
        var maxCount = (int)Math.Max(2, Math.Floor(PlotWidth / 60) + 1);
        double[] values;
        double step;
        string[] texts;
        while (true)
        {
            (values, step) = Ticks.Nice(XAxis.Min / f, XAxis.Max / f, maxCount, XAxis.Integer);
            var s = step;
            texts = values.Select(v => Ticks.Label(v, s)).ToArray();
            var widest = texts.Length == 0 ? 0 : texts.Max(t => t.Length) * CharPx;
            var stepPx = step / ((XAxis.Max - XAxis.Min) / f) * PlotWidth;
            if (widest + 12 <= stepPx || maxCount <= 2)
            {
                break;
            }

            maxCount--;
        }

        var tickPath = new StringBuilder();
        for (var i = 0; i < values.Length; i++)
        {
            var x = X(values[i] * f);
            if (x < Left - 0.5 || x > Right + 0.5)
            {
                continue;
            }

            tickPath.Append('M').Append(Html.N(x)).Append(' ').Append(Html.N(Bottom)).Append("v4");
            var halfWidth = texts[i].Length * CharPx / 2;
            var anchor = x + halfWidth > Width ? "end" : "middle";
            labels.Append("<text class=\"tick\" x=\"").Append(Html.N(x)).Append("\" y=\"").Append(Html.N(Bottom + 16))
                  .Append("\" text-anchor=\"").Append(anchor).Append("\">").Append(Html.Escape(texts[i])).Append("</text>");
        }

        if (tickPath.Length > 0)
        {
            labels.Insert(0, "<path class=\"axis\" d=\"" + tickPath + "\"/>");
        }
    }
}
