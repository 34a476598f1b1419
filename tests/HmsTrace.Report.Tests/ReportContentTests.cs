using System.Text.RegularExpressions;
using HmsTrace.Report.Tests.Infrastructure;
using HmsTrace.Report.Tests.Rendering;

namespace HmsTrace.Report.Tests;

/// <summary>What the HTML says, without a browser: inputs, determinism, self-containment, and limits at 1 and 50 runs.</summary>
[TestFixture]
public sealed class ReportContentTests
{
    [Test]
    public void The_same_dataset_gives_the_same_bytes()
    {
        var first = HtmlReport.Render(ResultDataset.Load(Datasets.Sweep));
        var second = HtmlReport.Render(ResultDataset.Load(Datasets.Sweep));
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void The_report_loads_nothing_from_elsewhere()
    {
        var html = HtmlReport.Render(ResultDataset.Load(Datasets.Sweep));
        foreach (var forbidden in new[] { "<script", "<link", "<img", "<iframe", "@import", "url(", "http://", "https://", "src=" })
        {
            Assert.That(html, Does.Not.Contain(forbidden).IgnoreCase);
        }
    }

    [Test]
    public void The_report_states_every_runs_inputs_and_their_hashes()
    {
        var dataset = ResultDataset.Load(Datasets.Sweep);
        var html = HtmlReport.Render(dataset);
        foreach (var run in dataset.Runs)
        {
            Assert.That(html, Does.Contain(run.RunId));
            Assert.That(html, Does.Contain($"title=\"{run.TraceSha256}\""));
            Assert.That(html, Does.Contain($"title=\"{run.TopologySha256}\""));
            Assert.That(html, Does.Contain($"title=\"{run.PolicySha256}\""));
            Assert.That(html, Does.Contain(run.Topology));
        }
    }

    [Test]
    public void A_single_replay_gives_one_chart_of_each_kind()
    {
        var html = HtmlReport.Render(ResultDataset.Load(Datasets.Single));
        var charts = SvgCharts.Parse(html);
        Assert.That(charts.Select(c => c.Kind), Is.EqualTo(new[] { "hit-rate", "resident", "migrations", "heatmap" }));
        Assert.That(charts, Has.All.Matches<SvgCharts.Chart>(c => c.HasMarks));
        Assert.That(html, Does.Contain("1 run of 1 trace"));
        Assert.That(html, Does.Not.Contain("Every run is in the ranking table"), "nothing is left out of one run's charts");
    }

    [Test]
    public void Fifty_replays_limit_lines_and_panels_and_say_so()
    {
        var options = ReportOptions.Default;
        var html = HtmlReport.Render(ResultDataset.Load(Datasets.Fifty), options);
        var charts = SvgCharts.Parse(html);
        var hitRate = charts.Single(c => c.Kind == "hit-rate");
        Assert.That(hitRate.Paths.Count(p => p.Class == "mark line"), Is.EqualTo(options.MaxLines));
        Assert.That(charts.Count(c => c.Kind == "resident"), Is.EqualTo(options.MaxPanels));
        Assert.That(charts.Count(c => c.Kind == "migrations"), Is.EqualTo(options.MaxPanels));
        Assert.That(html, Does.Contain($"Showing {options.MaxLines} of 50 runs"));
        Assert.That(Regex.Matches(html, "<table class=\"ranking\">.*?</table>", RegexOptions.Singleline).Single().Value, Does.Contain("<td>50</td>"));
    }

    [Test]
    public void Fifty_replays_show_the_best_run_of_every_policy()
    {
        var dataset = ResultDataset.Load(Datasets.Fifty);
        var html = HtmlReport.Render(dataset);
        var legend = Regex.Match(html, "<h3>Hit rate over time</h3>.*?<ul class=\"legend\">(.*?)</ul>", RegexOptions.Singleline).Groups[1].Value;
        foreach (var policy in SyntheticDataset.Policies)
        {
            Assert.That(legend, Does.Contain(policy[..Math.Min(20, policy.Length)]), $"no line for policy {policy}");
        }
    }

    [Test]
    public void Labels_are_cut_to_a_bounded_length_with_the_full_text_as_a_tooltip()
    {
        var options = ReportOptions.Default with { MaxLabelChars = 20 };
        var html = HtmlReport.Render(ResultDataset.Load(Datasets.Fifty), options);
        var legend = Regex.Match(html, "<ul class=\"legend\">(.*?)</ul>", RegexOptions.Singleline).Groups[1].Value;
        var texts = Regex.Matches(legend, "<li>(.*?)</li>").Select(m => Regex.Replace(m.Groups[1].Value, "<[^>]+>", "")).ToList();
        Assert.That(texts, Is.Not.Empty);
        Assert.That(texts, Has.All.Length.LessThanOrEqualTo(20));
        Assert.That(legend, Does.Contain("title=\"lru-aging-with-a-rather-long-policy-name"));
    }

    [Test]
    public void Runs_that_differ_only_in_parameters_get_different_labels()
    {
        var html = HtmlReport.Render(ResultDataset.Load(Datasets.Fifty), ReportOptions.Default with { MaxLabelChars = 200 });
        var ranking = Regex.Match(html, "<table class=\"ranking\">.*?</table>", RegexOptions.Singleline).Value;
        var labels = Regex.Matches(ranking, "<td class=\"run\">(.*?)</td>").Select(m => Regex.Replace(m.Groups[1].Value, "<[^>]+>", "")).ToList();
        Assert.That(labels, Has.Count.EqualTo(50));
        Assert.That(labels, Is.Unique);
        Assert.That(labels, Has.Some.Contains("chunk_pages=128 threshold=3"));
    }
}
