using System.Globalization;

namespace HmsTrace.Report.Rendering;

/// <summary>A display unit: values are divided by <see cref="Factor"/> and shown with <see cref="Name"/>.</summary>
internal readonly record struct ScaledUnit(string Name, double Factor)
{
    private static readonly ScaledUnit[] ByteUnits = [new("B", 1), new("KiB", 1L << 10), new("MiB", 1L << 20), new("GiB", 1L << 30), new("TiB", 1L << 40)];
    private static readonly ScaledUnit[] TimeUnits = [new("ns", 1), new("µs", 1e3), new("ms", 1e6), new("s", 1e9)];

    public static ScaledUnit Percent { get; } = new("%", 0.01);

    public static ScaledUnit Count { get; } = new("", 1);

    /// <summary>The largest byte unit in which <paramref name="maxBytes"/> is at least 1.</summary>
    public static ScaledUnit ForBytes(double maxBytes) => Pick(ByteUnits, maxBytes);

    /// <summary>The largest time unit in which <paramref name="maxNs"/> is at least 1.</summary>
    public static ScaledUnit ForTime(double maxNs) => Pick(TimeUnits, maxNs);

    /// <summary>A byte count with a unit chosen for it, three significant digits.</summary>
    public static string FormatBytes(long bytes) => Format(ForBytes(bytes), bytes);

    /// <summary>A duration in ns with a unit chosen for it, three significant digits.</summary>
    public static string FormatNs(long ns) => Format(ForTime(ns), ns);

    private static string Format(ScaledUnit unit, double value)
    {
        var v = value / unit.Factor;
        var format = Math.Abs(v) >= 100 || v == Math.Floor(v) ? "0" : Math.Abs(v) >= 10 ? "0.0" : "0.00";
        return v.ToString(format, CultureInfo.InvariantCulture) + " " + unit.Name;
    }

    private static ScaledUnit Pick(ScaledUnit[] units, double max)
    {
        var pick = units[0];
        foreach (var u in units)
        {
            if (Math.Abs(max) >= u.Factor)
            {
                pick = u;
            }
        }

        return pick;
    }
}
