using System.Text.Json;
using HmsTrace.Report.Tests.Infrastructure;

namespace HmsTrace.Report.Tests.Notebooks;

/// <summary>
/// The notebooks are committed as clean nbformat 4 documents whose Python parses. Their Python packages (duckdb,
/// pandas, pyarrow, matplotlib) are not installed here, so the code is parsed, not run; the DuckDB notebook's SQL runs
/// in <see cref="NotebookSqlTests"/>.
/// </summary>
[TestFixture]
public sealed class NotebookFormatTests
{
    private static readonly string[] Notebooks = ["duckdb.ipynb", "pandas.ipynb"];

    [TestCaseSource(nameof(Notebooks))]
    public void Notebook_is_nbformat_4_and_committed_without_outputs(string name)
    {
        using var notebook = NotebookQueries.Load(TestPaths.Notebook(name));
        var root = notebook.RootElement;
        Assert.That(root.GetProperty("nbformat").GetInt32(), Is.EqualTo(4));
        var code = root.GetProperty("cells").EnumerateArray().Where(c => c.GetProperty("cell_type").GetString() == "code").ToList();
        Assert.That(code, Is.Not.Empty);
        foreach (var cell in code)
        {
            Assert.That(cell.GetProperty("outputs").GetArrayLength(), Is.Zero, "commit notebooks without outputs");
            Assert.That(cell.GetProperty("execution_count").ValueKind, Is.EqualTo(JsonValueKind.Null));
        }
    }

    [TestCaseSource(nameof(Notebooks))]
    public void Notebook_code_is_valid_python(string name)
    {
        using var notebook = NotebookQueries.Load(TestPaths.Notebook(name));
        using var work = new TempDirectory();
        var cells = NotebookQueries.CodeCells(notebook);
        var path = work.File("cells.json");
        File.WriteAllText(path, JsonSerializer.Serialize(cells));
        const string Check = "import ast, json, sys\nfor i, c in enumerate(json.load(open(sys.argv[1]))):\n    try: ast.parse(c)\n    except SyntaxError as e: sys.exit(f'cell {i}: {e}')\n";
        var python = ProcessRunner.Run("python3", ["-c", Check, path]);
        Assert.That(python.ExitCode, Is.Zero, () => "python3 (needed to parse the notebooks' code) failed: " + python.Output);
    }

    [TestCaseSource(nameof(Notebooks))]
    public void Notebook_joins_runs_epochs_and_migrations_and_draws_every_view_of_the_report(string name)
    {
        using var notebook = NotebookQueries.Load(TestPaths.Notebook(name));
        var code = string.Join('\n', NotebookQueries.CodeCells(notebook));
        Assert.That(code, Does.Contain("run_id"));
        foreach (var view in new[] { "hit_rate", "resident", "outcome", "touches_per_4k", "stackplot", "LogNorm", "ping_pong" })
        {
            Assert.That(code, Does.Contain(view), $"{name} lacks '{view}'");
        }
    }
}
