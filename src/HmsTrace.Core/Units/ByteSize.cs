using System.Globalization;

namespace HmsTrace.Units;

/// <summary>
/// Parses and formats byte counts written the way people write them: <c>4096</c>, <c>64KiB</c>,
/// <c>16GiB</c>, <c>1.5 MiB</c>, <c>2TB</c>. Binary (KiB, MiB, GiB, TiB, PiB) and decimal (KB, MB,
/// GB, TB, PB) suffixes are accepted; inside HmsTrace sizes are <see cref="long"/> bytes.
/// </summary>
public static class ByteSize
{
    private static readonly (string Suffix, long Factor)[] Suffixes =
    [
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40), ("PiB", 1L << 50),
        ("KB", 1000L), ("MB", 1000_000L), ("GB", 1000_000_000L), ("TB", 1000_000_000_000L), ("PB", 1000_000_000_000_000L),
        ("K", 1L << 10), ("M", 1L << 20), ("G", 1L << 30), ("T", 1L << 40),
        ("B", 1L),
    ];

    /// <summary>Parses <paramref name="text"/>; returns false for anything that is not a non-negative size that fits in a long.</summary>
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        long factor = 1;
        foreach (var (suffix, f) in Suffixes)
        {
            if (s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && s.Length > suffix.Length)
            {
                factor = f;
                s = s[..^suffix.Length].TrimEnd();
                break;
            }
        }

        if (long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var whole))
        {
            if (whole > long.MaxValue / factor)
            {
                return false;
            }

            bytes = whole * factor;
            return true;
        }

        if (decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) && d >= 0)
        {
            var value = d * factor;
            if (value > long.MaxValue || value != decimal.Truncate(value))
            {
                return false;
            }

            bytes = (long)value;
            return true;
        }

        return false;
    }

    /// <summary>Parses <paramref name="text"/> or throws an <see cref="InputException"/> naming <paramref name="source"/>.</summary>
    public static long Parse(string text, string source)
    {
        if (!TryParse(text, out var bytes))
        {
            throw InputException.In(source, $"'{text}' is not a size", "Write a whole number of bytes, optionally with a unit: 4096, 64KiB, 16GiB");
        }

        return bytes;
    }

    /// <summary>Formats <paramref name="bytes"/> with the largest binary unit that divides it exactly, else with one decimal.</summary>
    public static string Format(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        var value = (double)bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : value == Math.Floor(value)
                ? string.Create(CultureInfo.InvariantCulture, $"{value:0} {units[unit]}")
                : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }
}
