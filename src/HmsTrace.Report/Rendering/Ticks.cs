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

        while (true)
        {
            if (integer)
            {
                step = Math.Max(1, Math.Ceiling(step));
            }

            var first = Math.Ceiling((min / step) - 1e-9) * step;
            var values = new List<double>();
            for (var i = 0; i <= maxCount + 1; i++)
            {
                var v = first + (i * step);
                if (v > max + (step * 1e-9))
                {
                    break;
                }

                values.Add(Math.Abs(v) < step * 1e-9 ? 0 : v);
            }

            // A range that does not start on a multiple of the step may hold only one tick: halve the step once or twice.
            if (values.Count >= 2 || (integer && step <= 1))
            {
                return ([.. values], step);
            }

            step /= 2;
        }
    }

    /// <summary>Formats a tick value with as many decimals as the step needs.</summary>
    public static string Label(double value, double step)
    {
        var decimals = 0;
        while (decimals < 6 && Math.Abs((step * Math.Pow(10, decimals)) - Math.Round(step * Math.Pow(10, decimals))) > 1e-6 * Math.Pow(10, decimals))
        {
            decimals++;
        }

        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
