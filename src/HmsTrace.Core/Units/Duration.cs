using System.Globalization;

namespace HmsTrace.Units;

/// <summary>
/// Parses durations written as <c>250ns</c>, <c>10us</c>, <c>10ms</c>, <c>2s</c>, <c>1min</c>
/// into nanoseconds.
/// </summary>
public static class Duration
{
    private static readonly (string Suffix, long Ns)[] Suffixes =
    [
        ("ns", 1L), ("us", 1_000L), ("µs", 1_000L), ("ms", 1_000_000L), ("min", 60_000_000_000L), ("s", 1_000_000_000L),
    ];

    /// <summary>Parses a duration with a unit; returns false if there is no unit or the number is not a non-negative integer (or decimal) that fits.</summary>
    public static bool TryParseNs(string? text, out long ns)
    {
        ns = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        foreach (var (suffix, factor) in Suffixes)
        {
            if (!s.EndsWith(suffix, StringComparison.Ordinal) || s.Length == suffix.Length)
            {
                continue;
            }

            var number = s[..^suffix.Length].TrimEnd();
            if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) || d < 0)
            {
                return false;
            }

            // decimal's product overflows (throws) beyond about 7.9e28; anything near that is past long anyway.
            if (d > long.MaxValue / (decimal)factor)
            {
                return false;
            }

            var value = d * factor;
            if (value > long.MaxValue || value != decimal.Truncate(value))
            {
                return false;
            }

            ns = (long)value;
            return true;
        }

        return false;
    }

    /// <summary>Formats nanoseconds with the largest unit that keeps it readable.</summary>
    public static string Format(long ns) => ns switch
    {
        >= 60_000_000_000L => string.Create(CultureInfo.InvariantCulture, $"{ns / 60e9:0.##} min"),
        >= 1_000_000_000L => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e9:0.###} s"),
        >= 1_000_000L => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e6:0.###} ms"),
        >= 1_000L => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e3:0.###} µs"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{ns} ns"),
    };
}
