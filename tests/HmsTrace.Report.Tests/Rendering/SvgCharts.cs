using System.Text.RegularExpressions;

namespace HmsTrace.Report.Tests.Rendering;

/// <summary>The charts of a report (or of a dumped DOM): kind, whether it is marked empty, and its paths.</summary>
internal static partial class SvgCharts
{
    public sealed record Chart(string Kind, string? Empty, IReadOnlyList<(string Class, string D)> Paths, string Svg)
    {
        public bool HasMarks => Paths.Any(p => p.Class.StartsWith("mark", StringComparison.Ordinal) && p.D.Trim().Length > 1);

        public bool HasAxes => Paths.Any(p => p.Class == "axis" && p.D.Trim().Length > 1);
    }

    public static List<Chart> Parse(string html)
    {
        var charts = new List<Chart>();
        foreach (Match m in SvgElement().Matches(html))
        {
            var open = m.Groups[1].Value;
            var kind = Attribute(open, "data-chart") ?? "";
            var empty = Attribute(open, "data-empty");
            var paths = PathElement().Matches(m.Value).Select(p => (Attribute(p.Value, "class") ?? "", Attribute(p.Value, "d") ?? "")).ToList();
            charts.Add(new Chart(kind, empty, paths, m.Value));
        }

        return charts;
    }

    private static string? Attribute(string element, string name)
    {
        var m = Regex.Match(element, "\\s" + Regex.Escape(name) + "=\"([^\"]*)\"");
        return m.Success ? m.Groups[1].Value : null;
    }

    [GeneratedRegex("<svg([^>]*class=\"chart\"[^>]*)>.*?</svg>", RegexOptions.Singleline)]
    private static partial Regex SvgElement();

    [GeneratedRegex("<path[^>]*>")]
    private static partial Regex PathElement();
}
