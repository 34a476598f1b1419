using System.Runtime.CompilerServices;
using System.Text;

namespace HmsTrace.Traces.Import;

/// <summary>
/// Allocation-free parsing of the ASCII numbers and tokens of text trace formats. Every parser
/// returns false instead of throwing, so a bad line costs no exception on the hot path.
/// </summary>
internal static class Ascii
{
    /// <summary>Longest quote of offending input put into an error message.</summary>
    public const int MaxQuoteLength = 80;

    private static ReadOnlySpan<byte> HexValues =>
    [
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 255, 255, 255, 255, 255, 255,
        255, 10, 11, 12, 13, 14, 15, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 10, 11, 12, 13, 14, 15, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
    ];

    /// <summary>Parses 1 to 16 hex digits (no prefix); false for empty, too long or non-hex text.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseHex(ReadOnlySpan<byte> text, out ulong value)
    {
        value = 0;
        if ((uint)(text.Length - 1) >= 16u)
        {
            return TryParseLongHex(text, out value);
        }

        var table = HexValues;
        ulong v = 0;
        foreach (var b in text)
        {
            uint d = table[b];
            if (d > 15)
            {
                return false;
            }

            v = (v << 4) | d;
        }

        value = v;
        return true;
    }

    /// <summary>Parses hex with an optional <c>0x</c> prefix.</summary>
    public static bool TryParseHexPrefixed(ReadOnlySpan<byte> text, out ulong value)
    {
        if (text.Length > 2 && text[0] == '0' && (text[1] | 0x20) == 'x')
        {
            text = text[2..];
        }

        return TryParseHex(text, out value);
    }

    /// <summary>Parses an unsigned decimal integer that fits in 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseDecimal(ReadOnlySpan<byte> text, out ulong value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 20)
        {
            return false;
        }

        ulong v = 0;
        foreach (var b in text)
        {
            var d = (uint)(b - '0');
            if (d > 9)
            {
                return false;
            }

            if (v > (ulong.MaxValue - d) / 10)
            {
                return false;
            }

            v = (v * 10) + d;
        }

        value = v;
        return true;
    }

    /// <summary>Parses an optionally negative decimal integer that fits in 64 bits.</summary>
    public static bool TryParseSigned(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        var negative = !text.IsEmpty && text[0] == '-';
        if (!TryParseDecimal(negative ? text[1..] : text, out var magnitude))
        {
            return false;
        }

        if (negative ? magnitude > 1UL << 63 : magnitude > long.MaxValue)
        {
            return false;
        }

        value = negative ? (long)(0 - magnitude) : (long)magnitude;
        return true;
    }

    /// <summary>
    /// Parses <c>seconds.fraction</c> (perf script timestamps, up to 9 fraction digits) into
    /// nanoseconds exactly, without floating point.
    /// </summary>
    public static bool TryParseSecondsToNs(ReadOnlySpan<byte> text, out long ns)
    {
        ns = 0;
        var dot = text.IndexOf((byte)'.');
        var whole = dot < 0 ? text : text[..dot];
        var fraction = dot < 0 ? default : text[(dot + 1)..];
        if (fraction.Length > 9 || (dot >= 0 && fraction.IsEmpty))
        {
            return false;
        }

        if (!TryParseDecimal(whole, out var seconds) || seconds > (ulong)(long.MaxValue / 1_000_000_000L) - 1)
        {
            return false;
        }

        ulong nanos = 0;
        if (!fraction.IsEmpty)
        {
            if (!TryParseDecimal(fraction, out nanos))
            {
                return false;
            }

            for (var i = fraction.Length; i < 9; i++)
            {
                nanos *= 10;
            }
        }

        ns = ((long)seconds * 1_000_000_000L) + (long)nanos;
        return true;
    }

    /// <summary>Removes leading and trailing spaces and tabs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text) => text.Trim(" \t"u8);

    /// <summary>Splits off the next whitespace-separated token; returns false when none is left.</summary>
    public static bool NextToken(scoped ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> token)
    {
        rest = rest.TrimStart(" \t"u8);
        if (rest.IsEmpty)
        {
            token = default;
            return false;
        }

        var end = rest.IndexOfAny((byte)' ', (byte)'\t');
        if (end < 0)
        {
            token = rest;
            rest = default;
        }
        else
        {
            token = rest[..end];
            rest = rest[end..];
        }

        return true;
    }

    /// <summary>
    /// Renders input bytes for an error message: printable ASCII as is, everything else as
    /// <c>\xNN</c>, cut to <see cref="MaxQuoteLength"/> characters with an ellipsis.
    /// </summary>
    public static string Quote(ReadOnlySpan<byte> text, int maxLength = MaxQuoteLength)
    {
        var sb = new StringBuilder(Math.Min(text.Length, maxLength) + 8);
        foreach (var b in text)
        {
            if (sb.Length >= maxLength)
            {
                sb.Append("...");
                break;
            }

            if (b is >= 0x20 and < 0x7f)
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append("\\x").Append(HexDigit(b >> 4)).Append(HexDigit(b & 15));
            }
        }

        return sb.ToString();
    }

    private static char HexDigit(int v) => (char)(v < 10 ? '0' + v : 'a' + v - 10);

    private static bool TryParseLongHex(ReadOnlySpan<byte> text, out ulong value)
    {
        // Leading zeros beyond 16 digits are legal (zero-padded 128-bit printing); anything else overflows.
        value = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        var firstNonZero = text.IndexOfAnyExcept((byte)'0');
        if (firstNonZero < 0)
        {
            return true;
        }

        var digits = text[firstNonZero..];
        return digits.Length <= 16 && TryParseHex(digits, out value);
    }
}
