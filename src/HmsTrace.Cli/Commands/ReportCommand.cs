using System.CommandLine;
using System.Globalization;
using HmsTrace.Report;

namespace HmsTrace.Cli.Commands;

/// <summary><c>hmstrace report</c>: one self-contained HTML page of charts and tables from a result dataset.</summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        _ = error;
        var results = new Argument<string>("RESULTS") { Description = "Result dataset folder (what `hmstrace replay --out` or `hmstrace sweep` wrote).", DefaultValueFactory = _ => "results" };
        var outFile = new Option<string>("--out") { Description = "HTML file to write.", DefaultValueFactory = _ => "report.html" };
        var maxLines = new Option<int>("--max-lines") { Description = "Most runs drawn as lines in a hit-rate chart; the rest are listed in the ranking table.", DefaultValueFactory = _ => ReportOptions.Default.MaxLines };
        var maxPanels = new Option<int>("--max-panels") { Description = "Most small-multiple panels per view and trace.", DefaultValueFactory = _ => ReportOptions.Default.MaxPanels };
        var command = new Command("report", "Write an HTML report (inline SVG charts, opens offline) of a result dataset: per trace a ranking of policies, hit rate, resident bytes and migrations over time, and a range heatmap.")
        {
            results, outFile, maxLines, maxPanels,
        };
        command.SetAction(parse =>
        {
            var lines = parse.GetValue(maxLines);
            var panels = parse.GetValue(maxPanels);
            if (lines < 1 || panels < 1)
            {
                throw new UsageException("--max-lines and --max-panels must be at least 1");
            }

            var dataset = ResultDataset.Load(parse.GetValue(results)!);
            var path = parse.GetValue(outFile)!;
            HtmlReport.Write(dataset, path, ReportOptions.Default with { MaxLines = lines, MaxPanels = panels });
            var traces = dataset.Runs.Select(r => r.Trace).Distinct(StringComparer.Ordinal).Count();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"report: {path} ({dataset.Runs.Count} runs of {traces} traces)"));
            return HmsTraceCli.Success;
        });
        return command;
    }
}
