using HmsTrace.Report.Tests.Infrastructure;

namespace HmsTrace.Report.Tests.Rendering;

/// <summary>
/// The report of a small real sweep (3 policies × 2 traces), and of a synthetic 50-run sweep, rendered by headless
/// Chromium: screenshots go to bin/…/artifacts/ and are attached to the test results; the DOM after layout shows that
/// every chart drew and that no labels overlap; the console stays silent.
/// </summary>
[TestFixture]
public sealed class BrowserRenderingTests
{
    private string _sweepReport = "";
    private string _sweepPng = "";
    private string _fiftyPng = "";
    private Chromium.Rendering _sweepShot = null!;
    private Chromium.Rendering _sweepDom = null!;
    private Chromium.Rendering _fiftyShot = null!;
    private Chromium.Rendering _fiftyDom = null!;
    private ResultDataset _sweep = null!;

    [OneTimeSetUp]
    public void RenderReports()
    {
        Chromium.EnsureInstalled();
        var artifacts = TestPaths.Artifacts;
        _sweep = ResultDataset.Load(Datasets.Sweep);
        (_sweepReport, _sweepPng, _sweepShot, _sweepDom) = Render(_sweep, artifacts, "report");
        string fiftyReport;
        (fiftyReport, _fiftyPng, _fiftyShot, _fiftyDom) = Render(ResultDataset.Load(Datasets.Fifty), artifacts, "report-50-runs");
        _ = fiftyReport;
    }

    private static (string Report, string Png, Chromium.Rendering Shot, Chromium.Rendering Dom) Render(ResultDataset dataset, string artifacts, string name)
    {
        var report = Path.Combine(artifacts, name + ".html");
        var png = Path.Combine(artifacts, name + ".png");
        var check = Path.Combine(artifacts, name + ".layout-check.html");
        HtmlReport.Write(dataset, report);
        LayoutCheck.Instrument(report, check);
        var shot = Chromium.Screenshot(report, png, 1400, 3000);
        var dom = Chromium.DumpDom(check, 1400, 3000);
        return (report, png, shot, dom);
    }

    [Test]
    public void Report_of_a_small_sweep_renders_to_a_screenshot_in_headless_chromium()
    {
        TestContext.AddTestAttachment(_sweepPng, "The report of 3 policies × 2 traces, 1400×3000");
        TestContext.AddTestAttachment(_sweepReport, "The report's HTML");
        TestContext.Out.WriteLine("screenshot: " + _sweepPng);
        Assert.That(new FileInfo(_sweepPng).Length, Is.GreaterThan(20_000), "a screenshot of charts is not this small");
    }

    [Test]
    public void Report_of_fifty_runs_renders_to_a_screenshot_in_headless_chromium()
    {
        TestContext.AddTestAttachment(_fiftyPng, "The report of 50 synthetic runs, 1400×3000");
        TestContext.Out.WriteLine("screenshot: " + _fiftyPng);
        Assert.That(new FileInfo(_fiftyPng).Length, Is.GreaterThan(20_000));
    }

    [Test]
    public void Rendering_writes_nothing_to_the_console()
    {
        Assert.That(_sweepShot.ConsoleMessages.Concat(_sweepDom.ConsoleMessages).Concat(_fiftyShot.ConsoleMessages).Concat(_fiftyDom.ConsoleMessages), Is.Empty);
    }

    [Test]
    public void Console_capture_sees_script_errors()
    {
        // Guards the check above: a page with a script error must be reported.
        using var work = new TempDirectory();
        var page = work.File("error.html");
        File.WriteAllText(page, "<!DOCTYPE html><html><body><script>console.error('probe'); undefinedFunction();</script></body></html>");
        var dom = Chromium.DumpDom(page, 400, 300);
        Assert.That(dom.ConsoleMessages, Has.Some.Contains("Uncaught"));
    }

    [Test]
    public void Every_chart_of_the_sweep_drew_in_the_browser()
    {
        var charts = SvgCharts.Parse(_sweepDom.Dom);
        var traces = _sweep.Runs.Select(r => r.Trace).Distinct().Count();
        var runs = _sweep.Runs.Count;
        Assert.That(charts.Count(c => c.Kind == "hit-rate"), Is.EqualTo(traces));
        Assert.That(charts.Count(c => c.Kind == "resident"), Is.EqualTo(runs));
        Assert.That(charts.Count(c => c.Kind == "migrations"), Is.EqualTo(runs));
        Assert.That(charts.Count(c => c.Kind == "heatmap"), Is.EqualTo(traces));
        Assert.That(charts, Has.All.Matches<SvgCharts.Chart>(c => c.HasAxes), "every chart has axes");
        Assert.That(charts.Where(c => c.Kind is "hit-rate" or "resident" or "heatmap"), Has.All.Matches<SvgCharts.Chart>(c => c.HasMarks && c.Empty is null));
        var withMigrations = _sweep.Runs.Count(r => r.MigrationsRequested > 0);
        Assert.That(withMigrations, Is.InRange(1, runs - 1), "the sweep has runs with and without migrations");
        Assert.That(charts.Count(c => c.Kind == "migrations" && c.HasMarks), Is.EqualTo(withMigrations));
        Assert.That(charts.Where(c => c.Kind == "migrations" && !c.HasMarks), Has.All.Matches<SvgCharts.Chart>(c => c.Empty == "no migrations"));
    }

    [Test]
    public void No_labels_overlap_after_layout_in_the_sweep_report()
    {
        var (measured, overlaps) = LayoutCheck.Read(_sweepDom.Dom);
        Assert.That(measured, Is.GreaterThan(100), "the check measured the labels");
        Assert.That(overlaps, Is.Empty);
    }

    [Test]
    public void No_labels_overlap_after_layout_in_the_fifty_run_report()
    {
        var (measured, overlaps) = LayoutCheck.Read(_fiftyDom.Dom);
        Assert.That(measured, Is.GreaterThan(100), "the check measured the labels");
        Assert.That(overlaps, Is.Empty);
    }
}
