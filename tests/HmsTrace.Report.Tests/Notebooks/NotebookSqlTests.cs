using System.Text.Json;
using HmsTrace.Report.Tests.Infrastructure;

namespace HmsTrace.Report.Tests.Notebooks;

/// <summary>
/// Runs every SQL query of notebooks/duckdb.ipynb, in notebook order, through DuckDB (the npm package, as in the
/// Parquet interop lane) against a generated sweep, and checks each one's columns and row count against what the
/// report's own loader read from the same dataset.
/// </summary>
[TestFixture]
public sealed class NotebookSqlTests
{
    private static readonly Dictionary<string, string[]> ExpectedColumns = new()
    {
        ["views"] = ["Count"],
        ["ranking"] =
        [
            "trace", "rank", "policy", "parameters_json", "topology", "max_regions", "hit_rate", "byte_hit_rate", "modeled_ms", "migrations_requested",
            "migrations_moved", "migrations_failed", "bytes_migrated", "ping_pongs", "policy_faults", "run_id", "trace_sha256", "topology_sha256", "policy_sha256",
        ],
        ["hit_rate_over_time"] = ["trace", "policy", "parameters_json", "run_id", "epoch", "t_ms", "hit_rate"],
        ["resident_over_time"] = ["trace", "policy", "parameters_json", "run_id", "epoch", "t_ms", "target", "resident_mib"],
        ["migrations_over_time"] = ["trace", "policy", "parameters_json", "run_id", "epoch", "t_ms", "outcome", "requests", "ping_pongs"],
        ["epoch_summary"] = ["trace", "policy", "parameters_json", "run_id", "epoch", "start_ns", "accesses", "hit_rate", "modeled_ns", "migrations", "pages_moved", "ping_pongs"],
        ["range_heatmap"] = ["trace", "run_id", "epoch", "t0_ms", "t1_ms", "pid", "range_start", "range_end", "epoch_accesses", "touches_per_4k"],
    };

    private List<NotebookQueries.Query> _queries = [];
    private JsonDocument _results = null!;
    private ResultDataset _dataset = null!;

    private static IEnumerable<string> QueryNames => ExpectedColumns.Keys;

    [OneTimeSetUp]
    public void RunTheNotebookQueries()
    {
        _dataset = ResultDataset.Load(Datasets.Sweep);
        _queries = NotebookQueries.Read(TestPaths.Notebook("duckdb.ipynb"));
        _results = Run(_queries, Datasets.Sweep);
    }

    /// <summary>Runs <paramref name="queries"/> in order on one DuckDB connection over the dataset at <paramref name="results"/>; returns each one's result by name.</summary>
    internal static JsonDocument Run(IEnumerable<NotebookQueries.Query> queries, string results)
    {
        var folder = Path.Combine(TestPaths.ProjectFolder, "Notebooks");
        NodePackages.EnsureInstalled(folder);
        using var work = new TempDirectory();
        var root = results.Replace('\\', '/');
        var queriesPath = work.File("queries.json");
        var resultPath = work.File("result.json");
        File.WriteAllText(queriesPath, JsonSerializer.Serialize(queries.Select(q => new { name = q.Name, sql = q.Sql.Replace("{results}", root, StringComparison.Ordinal) })));
        var run = ProcessRunner.Run("node", [Path.Combine(folder, "run-sql.mjs"), queriesPath, resultPath], folder, 300);
        Assert.That(run.ExitCode, Is.Zero, () => "node run-sql.mjs failed:\n" + run.Output);
        return JsonDocument.Parse(File.ReadAllText(resultPath));
    }

    [OneTimeTearDown]
    public void Dispose() => _results?.Dispose();

    [Test]
    public void Every_query_in_the_DuckDB_notebook_is_named_and_has_an_expectation()
    {
        Assert.That(_queries.Select(q => q.Name), Is.EqualTo(ExpectedColumns.Keys), "queries of notebooks/duckdb.ipynb, in order (add new ones to ExpectedColumns)");
    }

    [Test]
    public void Every_DuckDB_call_in_the_notebook_runs_a_marked_query()
    {
        using var notebook = NotebookQueries.Load(TestPaths.Notebook("duckdb.ipynb"));
        var calls = NotebookQueries.CodeCells(notebook).Sum(c => Count(c, "con.sql(") + Count(c, "con.execute("));
        Assert.That(calls, Is.EqualTo(_queries.Count), "every con.sql/con.execute must run a string that starts with '-- query: <name>'");
    }

    [TestCaseSource(nameof(QueryNames))]
    public void Notebook_query_runs_against_a_generated_dataset_and_returns_the_expected_columns(string name)
    {
        var result = _results.RootElement.GetProperty(name);
        Assert.That(result.TryGetProperty("error", out var error) ? error.GetString() : null, Is.Null, $"query {name} failed in DuckDB");
        Assert.That(result.GetProperty("columns").EnumerateArray().Select(c => c.GetString()), Is.EqualTo(ExpectedColumns[name]));
        if (name != "views")
        {
            Assert.That(result.GetProperty("rows").GetInt32(), Is.Positive, $"query {name} returned no rows");
        }
    }

    [Test]
    public void Ranking_has_one_row_per_run_and_ranks_from_one()
    {
        var result = _results.RootElement.GetProperty("ranking");
        Assert.That(result.GetProperty("rows").GetInt32(), Is.EqualTo(_dataset.Runs.Count));
        Assert.That(result.GetProperty("first").GetProperty("rank").GetRawText(), Is.EqualTo("\"1\"").Or.EqualTo("1"));
    }

    [Test]
    public void Per_epoch_queries_have_one_row_per_run_and_epoch_like_the_report()
    {
        var epochs = _dataset.Runs.Sum(r => _dataset.DataOf(r).Epochs.Count);
        Assert.That(Rows("hit_rate_over_time"), Is.EqualTo(epochs));
        Assert.That(Rows("epoch_summary"), Is.EqualTo(epochs));
        var resident = _dataset.Runs.Sum(r => _dataset.DataOf(r).Epochs.Values.Sum(e => e.ResidentBytes.Count));
        Assert.That(Rows("resident_over_time"), Is.EqualTo(resident));
    }

    [Test]
    public void Migrations_query_has_one_row_per_run_epoch_and_outcome_like_the_report()
    {
        var expected = _dataset.Runs.Sum(r => _dataset.DataOf(r).Migrations.Values.Sum(m => m.ByOutcome.Count));
        Assert.That(expected, Is.Positive, "the sweep must have migrations for this test to mean something");
        Assert.That(Rows("migrations_over_time"), Is.EqualTo(expected));
    }

    [Test]
    public void Heatmap_query_reads_the_range_snapshots_of_one_run_per_trace()
    {
        var traces = _dataset.Runs.Select(r => r.Trace).Distinct().Count();
        var best = _dataset.Runs.GroupBy(r => r.Trace)
            .Select(g => g.OrderBy(r => r.ModeledNs).ThenByDescending(r => r.HitRate).ThenBy(r => r.RunId, StringComparer.Ordinal).First());
        Assert.That(traces, Is.EqualTo(2));
        Assert.That(Rows("range_heatmap"), Is.EqualTo(best.Sum(r => _dataset.DataOf(r).Ranges.Count)));
    }

    private int Rows(string name) => _results.RootElement.GetProperty(name).GetProperty("rows").GetInt32();

    private static int Count(string text, string what)
    {
        var n = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + 1, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }
}
