using System.Text.Json;
using System.Text.RegularExpressions;

namespace HmsTrace.Report.Tests.Notebooks;

/// <summary>
/// The SQL of a notebook. Convention: every query is a Python triple-quoted string whose first line is
/// <c>-- query: &lt;name&gt;</c>; a <c>{results}</c> placeholder stands for the dataset folder (the notebook replaces it
/// with its RESULTS variable).
/// </summary>
internal static partial class NotebookQueries
{
    public sealed record Query(string Name, string Sql);

    public static JsonDocument Load(string path) => JsonDocument.Parse(File.ReadAllText(path));

    /// <summary>The code cells' sources, in order.</summary>
    public static List<string> CodeCells(JsonDocument notebook)
        => notebook.RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => c.GetProperty("cell_type").GetString() == "code")
            .Select(c => string.Concat(c.GetProperty("source").EnumerateArray().Select(l => l.GetString())))
            .ToList();

    public static List<Query> Read(string path)
    {
        using var notebook = Load(path);
        var queries = new List<Query>();
        foreach (var source in CodeCells(notebook))
        {
            foreach (Match m in TripleQuoted().Matches(source))
            {
                var text = m.Groups[1].Value.Trim();
                var marker = QueryMarker().Match(text);
                if (marker.Success)
                {
                    queries.Add(new Query(marker.Groups[1].Value, text));
                }
            }
        }

        return queries;
    }

    [GeneratedRegex("\"\"\"(.*?)\"\"\"", RegexOptions.Singleline)]
    private static partial Regex TripleQuoted();

    [GeneratedRegex(@"\A--\s*query:\s*([a-z0-9_]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex QueryMarker();
}
