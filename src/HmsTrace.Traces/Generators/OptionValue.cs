using System.Globalization;
using System.Text;
using HmsTrace.Units;

namespace HmsTrace.Traces.Generators;

/// <summary>Parses and shows generator option values; errors name the option as <c>--name</c>.</summary>
internal static class OptionValue
{
    public static void Require(bool condition, string option, string problem, string remedy)
    {
        if (!condition)
        {
            throw InputException.In("--" + option, problem, remedy);
        }
    }

    public static long Count(string text, string option)
    {
        var digits = text.Trim().Replace("_", string.Empty, StringComparison.Ordinal);
        if (long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        throw InputException.In("--" + option, $"'{text}' is not a whole number", "Write digits, optionally grouped with _, e.g. 1_000_000");
    }

    public static ulong Seed(string text, string option)
    {
        var s = text.Trim();
        var ok = s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            : ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (ok)
        {
            return value;
        }

        throw InputException.In("--" + option, $"'{text}' is not a seed", "Write an unsigned 64-bit integer, decimal or 0x-prefixed hexadecimal");
    }

    public static long Size(string text, string option)
    {
        if (ByteSize.TryParse(text, out var bytes))
        {
            return bytes;
        }

        throw InputException.In("--" + option, $"'{text}' is not a size", "Write bytes, optionally with a unit: 4096, 64KiB, 1GiB");
    }

    public static IReadOnlyList<long> Sizes(string text, string option)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var sizes = new long[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!ByteSize.TryParse(parts[i], out sizes[i]))
            {
                throw InputException.In("--" + option, $"'{parts[i]}' is not a size", "Write a comma-separated list of sizes, e.g. 64MiB,32MiB");
            }
        }

        return sizes;
    }

    public static long DurationNs(string text, string option)
    {
        if (Duration.TryParseNs(text, out var ns) || long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ns))
        {
            return ns;
        }

        throw InputException.In("--" + option, $"'{text}' is not a duration", "Write a number of nanoseconds or a number with a unit: 10ns, 1us, 2ms");
    }

    public static double Number(string text, string option)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        throw InputException.In("--" + option, $"'{text}' is not a number", "Write a decimal number such as 0.99");
    }

    public static double Fraction(string text, string option)
    {
        var value = Number(text, option);
        Require(value is >= 0 and <= 1, option, $"{text} is not between 0 and 1", "Write a fraction such as 0.8");
        return value;
    }

    public static bool Bool(string text, string option) => text.Trim().ToUpperInvariant() switch
    {
        "TRUE" or "YES" or "ON" or "1" => true,
        "FALSE" or "NO" or "OFF" or "0" => false,
        _ => throw InputException.In("--" + option, $"'{text}' is not true or false", "Write true or false"),
    };

    public static string Name(string text, string option)
    {
        var name = text.Trim();
        Require(name.Length > 0 && Encoding.UTF8.GetByteCount(name) <= 255, option, $"'{text}' is not an initiator name", "Write a name of 1 to 255 bytes, e.g. cpu0 or gpu1");
        return name;
    }

    public static string Show(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Show(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Show(bool value) => value ? "true" : "false";

    public static string ShowSize(long bytes) => ByteSize.Format(bytes).Replace(" ", string.Empty, StringComparison.Ordinal);

    public static string ShowSizes(IReadOnlyList<long> sizes)
    {
        var parts = new string[sizes.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = ShowSize(sizes[i]);
        }

        return string.Join(',', parts);
    }

    public static string ShowNs(long ns) => string.Create(CultureInfo.InvariantCulture, $"{ns}ns");
}
