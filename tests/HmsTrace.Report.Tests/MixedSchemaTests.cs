using System.Text.Json;
using System.Text.RegularExpressions;
using HmsTrace.Parquet;
using HmsTrace.Report.Tests.Infrastructure;
using HmsTrace.Report.Tests.Notebooks;

namespace HmsTrace.Report.Tests;

/// <summary>
/// A results folder that an older HmsTrace filled and a newer one added to (<see cref="Datasets.Mixed"/>: runs
/// schema 2 and 3 files side by side) reads in every reader we ship or document: the report, <c>hmstrace compare</c>,
/// the DuckDB notebook and the DuckDB queries of the README and docs. Runs that differ only in the bound on monitoring
/// regions are told apart.
/// </summary>
[TestFixture]
public sealed class MixedSchemaTests
{
    private static readonly string[] DocumentsWithSql = ["README.md", "docs/results.md", "docs/cluster.md"];

    [Test]
    public void The_folder_really_holds_a_runs_file_without_max_regions_next_to_ones_with_it()
    {
        var versions = Directory.GetFiles(Path.Combine(Datasets.Mixed, "runs"), "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(path =>
        {
            using var reader = ParquetReader.Open(File.OpenRead(path));
            var version = reader.KeyValueMetadata.Single(kv => kv.Key == "hmstrace.schema_version").Value;
            return (Version: version, HasMaxRegions: reader.Schema.IndexOf("max_regions") >= 0);
        }).ToList();

        Assert.That(versions, Is.EqualTo(new[] { ("3", true), ("3", true), ("2", false) }), "glob order: lru, lru, migrate-on-fault");
    }

    [Test]
    public void The_other_folder_really_holds_the_runs_file_without_max_regions_first()
    {
        var versions = Directory.GetFiles(Path.Combine(Datasets.MixedOlderFirst, "runs"), "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(path =>
        {
            using var reader = ParquetReader.Open(File.OpenRead(path));
            return reader.KeyValueMetadata.Single(kv => kv.Key == "hmstrace.schema_version").Value;
        }).ToList();

        Assert.That(versions, Is.EqualTo(new[] { "2", "3", "3" }), "glob order: first-touch, lru, lru");
    }

    [Test]
    public void The_report_reads_an_older_runs_file_as_every_range_and_labels_runs_by_their_bound()
    {
        var dataset = ResultDataset.Load(Datasets.Mixed);
        Assert.That(dataset.Runs.Select(r => (r.Policy, r.MaxRegions)), Is.EquivalentTo(new[] { ("lru", 0L), ("lru", 2L), ("migrate-on-fault", 0L) }));

        var html = HtmlReport.Render(dataset, ReportOptions.Default with { MaxLabelChars = 200 });
        var ranking = Regex.Match(html, "<table class=\"ranking\">.*?</table>", RegexOptions.Singleline).Value;
        var labels = Regex.Matches(ranking, "<td class=\"run\">(.*?)</td>").Select(m => Regex.Replace(m.Groups[1].Value, "<[^>]+>", "")).ToList();
        Assert.That(labels, Is.EquivalentTo(new[] { "lru · all ranges", "lru · ≤ 2 regions", "migrate-on-fault · all ranges" }));
        var inputs = Regex.Match(html, "<table class=\"inputs\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.That(inputs, Does.Contain("<th>epoch view</th>").And.Contain("<td>≤ 2 regions</td>"));
    }

    [Test]
    public void Compare_reads_the_folder_and_shows_the_bound_only_because_the_runs_differ_in_it()
    {
        var mixed = Datasets.Cli("compare", Datasets.Mixed);
        var single = Datasets.Cli("compare", Datasets.Single);

        var lines = mixed.Split('\n');
        var header = Cells(lines.First(l => l.Contains("policy", StringComparison.Ordinal)));
        var regions = header.IndexOf("regions");
        Assert.That(regions, Is.Positive, "compare shows a regions column");
        var bounds = lines.Where(l => l.Contains("lru", StringComparison.Ordinal) || l.Contains("migrate-on-fault", StringComparison.Ordinal))
            .Select(l => (Cells(l)[header.IndexOf("policy")], Cells(l)[regions])).ToList();
        Assert.That(bounds, Is.EquivalentTo(new[] { ("lru", "all"), ("lru", "2"), ("migrate-on-fault", "all") }));
        Assert.That(single, Does.Not.Contain("regions").And.Not.Contain("seed").And.Not.Contain("run id"));
    }

    private static List<string> Cells(string tableLine) => [.. tableLine.Split('│').Select(c => c.Trim())];

    [TestCase(nameof(Datasets.Mixed))]
    [TestCase(nameof(Datasets.MixedOlderFirst))]
    public void Every_query_of_the_DuckDB_notebook_reads_the_folder(string dataset)
    {
        var queries = NotebookQueries.Read(TestPaths.Notebook("duckdb.ipynb"));
        using var results = NotebookSqlTests.Run(queries, Datasets.MixedByName(dataset));

        foreach (var query in queries)
        {
            var result = results.RootElement.GetProperty(query.Name);
            Assert.That(result.TryGetProperty("error", out var error) ? error.GetString() : null, Is.Null, $"query {query.Name}");
        }

        var ranking = results.RootElement.GetProperty("ranking");
        Assert.That(ranking.GetProperty("rows").GetInt32(), Is.EqualTo(3));
        Assert.That(ranking.GetProperty("columns").EnumerateArray().Select(c => c.GetString()), Does.Contain("max_regions"));
    }

    [TestCase(nameof(Datasets.Mixed))]
    [TestCase(nameof(Datasets.MixedOlderFirst))]
    public void Every_DuckDB_query_of_the_README_and_docs_reads_the_folder(string dataset)
    {
        var queries = new List<NotebookQueries.Query>();
        foreach (var document in DocumentsWithSql)
        {
            var text = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, document));
            foreach (Match block in Regex.Matches(text, "```sql\n(.*?)```", RegexOptions.Singleline))
            {
                foreach (var statement in block.Groups[1].Value.Split(";\n", StringSplitOptions.RemoveEmptyEntries))
                {
                    if (statement.Contains("read_parquet(", StringComparison.Ordinal))
                    {
                        // The docs' example folders (results/, /tmp/res/) become the mixed folder.
                        var sql = statement.Replace("'results/", "'{results}/", StringComparison.Ordinal).Replace("'/tmp/res/", "'{results}/", StringComparison.Ordinal);
                        queries.Add(new NotebookQueries.Query($"{document} #{queries.Count}", sql));
                    }
                }
            }
        }

        Assert.That(queries, Has.Count.GreaterThanOrEqualTo(8), "the README and docs hold this many DuckDB statements over the dataset");

        // DuckDB only fails on a column it reads: every table as the docs read it, with all its columns.
        var calls = queries.SelectMany(q => Regex.Matches(q.Sql, @"read_parquet\('[^']*'[^)]*\)").Select(m => m.Value)).Distinct(StringComparer.Ordinal).ToList();
        Assert.That(calls.Where(c => c.Contains("/runs/", StringComparison.Ordinal)), Is.Not.Empty);
        queries.AddRange(calls.Select((c, i) => new NotebookQueries.Query($"SELECT * #{i}", "SELECT * FROM " + c)));
        using var results = NotebookSqlTests.Run(queries, Datasets.MixedByName(dataset));
        foreach (var query in queries)
        {
            var result = results.RootElement.GetProperty(query.Name);
            Assert.That(result.TryGetProperty("error", out var error) ? error.GetString() : null, Is.Null, $"{query.Name}:\n{query.Sql}");
        }

        // Whichever file DuckDB opens first, reading the union keeps the newer column.
        foreach (var query in queries.Where(q => q.Name.StartsWith("SELECT *", StringComparison.Ordinal) && q.Sql.Contains("/runs/", StringComparison.Ordinal)))
        {
            Assert.That(results.RootElement.GetProperty(query.Name).GetProperty("columns").EnumerateArray().Select(c => c.GetString()), Does.Contain("max_regions"), query.Sql);
        }

        var runsRows = queries.Where(q => Regex.IsMatch(q.Sql, @"^\s*(--[^\n]*\n\s*)*SELECT[^;]*FROM read_parquet\('\{results\}/runs/[^)]*\)\s*(ORDER BY[^;]*)?$", RegexOptions.Singleline))
            .Select(q => results.RootElement.GetProperty(q.Name).GetProperty("rows").GetInt32()).ToList();
        Assert.That(runsRows, Is.Not.Empty.And.All.EqualTo(3), "a query of the runs table alone has a row per run");
    }
}
