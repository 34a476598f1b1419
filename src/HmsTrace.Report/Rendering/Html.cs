using System.Globalization;
using System.Text;

namespace HmsTrace.Report.Rendering;

/// <summary>HTML escaping and invariant number formatting for the report's markup.</summary>
internal static class Html
{
    /// <summary>Escapes text for element content and double-quoted attribute values.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }

    /// <summary>
    /// Text cut to <paramref name="maxChars"/> characters with an ellipsis, as an element whose title holds the
    /// whole text: labels keep a bounded width whatever the run's parameters.
    /// </summary>
    public static string Truncated(string text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return Escape(text);
        }

        return $"<span title=\"{Escape(text)}\">{Escape(text[..(maxChars - 1)])}…</span>";
    }

    /// <summary>An SVG coordinate: one decimal, invariant culture.</summary>
    public static string N(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>An integer with thousands separators.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A fraction as a percentage with two decimals.</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %";
}
