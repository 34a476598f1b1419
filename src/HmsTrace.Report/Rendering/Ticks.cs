using System.Globalization;

namespace HmsTrace.Report.Rendering;

/// <summary>"Nice" axis ticks (1, 2, 2.5, 5 × 10^k steps) for a value range and a largest tick count.</summary>
internal static class Ticks
{
    /// <summary>Tick values covering [<paramref name="min"/>, <paramref name="max"/>], at most <paramref name="maxCount"/>.</summary>
    public static (double[] Values, double Step) Nice(double min, double max, int maxCount, bool integer)
    {
        maxCount = Math.Max(2, maxCount);
        if (!(max > min))
        {
            max = min + 1;
        }

        double[] mantissas = [1, 2, 2.5, 5, 10];
        var raw = (max - min) / (maxCount - 1);
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = 10 * magnitude;
        foreach (var m in mantissas)
        {
            if (m * magnitude >= raw)
            {
                step = m * magnitude;
                break;
            }
        }

        if (integer)
        {
            step = Math.Max(1, Math.Ceiling(step));
        }

        var first = Math.Ceiling((min / step) - 1e-9) * step;
        var values = new List<double>();
        for (var v = first; v <= max + (step * 1e-9); v += step)
        {
            values.Add(Math.Abs(v) < step * 1e-9 ? 0 : v);
            if (values.Count > maxCount + 1)
            {
                break;
            }
        }

        return ([.. values], step);
    }

    /// <summary>Formats a tick value with as many decimals as the step needs.</summary>
    public static string Label(double value, double step)
    {
        var decimals = step >= 1 ? 0 : Math.Min(6, (int)Math.Ceiling(-Math.Log10(step) - 1e-9));
        if (decimals > 0 && Math.Abs((step * Math.Pow(10, decimals)) - Math.Round(step * Math.Pow(10, decimals))) > 1e-6)
        {
            decimals++;
        }

        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
