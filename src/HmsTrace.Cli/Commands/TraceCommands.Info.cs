using System.CommandLine;
using System.Globalization;
using HmsTrace.Cli.Console;
using HmsTrace.Traces;
using HmsTrace.Traces.Import;
using HmsTrace.Traces.Statistics;
using HmsTrace.Units;
using Spectre.Console;

namespace HmsTrace.Cli.Commands;

/// <summary><c>hmstrace trace info F</c>: what a trace contains, in one streaming pass.</summary>
internal static partial class TraceCommands
{
    private static Command Info(TextWriter output)
    {
        var input = new Argument<string>("trace") { Description = "Trace to inspect (any supported format, gzip ok)." };
        var from = new Option<string?>("--from") { Description = "Format, when it cannot be detected from the content." };
        var pageSize = new Option<string>("--page-size") { Description = "Page size for the footprint.", DefaultValueFactory = _ => "4KiB" };
        var command = new Command("info", "Records, time span, processes, initiators, operation mix, footprint and address ranges of a trace.") { input, from, pageSize };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(input)!;
            var page = ByteSize.Parse(parse.GetValue(pageSize)!, "--page-size");
            if (page <= 0 || (page & (page - 1)) != 0)
            {
                throw new UsageException($"--page-size must be a power of two, like 4KiB (not {parse.GetValue(pageSize)})");
            }

            using var reader = TraceFile.OpenRead(path, new TraceReadOptions { Format = parse.GetValue(from) });
            if (reader.Header.Format is "damo" or "damo-perf")
            {
                // DAMON recordings are region snapshots: show them exactly as `damo report access --raw_form` does.
                reader.Dispose();
                DamonRawReport.Write(output, path);
                return HmsTraceCli.Success;
            }

            var stats = TraceStatistics.Compute(reader, new TraceStatisticsOptions { PageSizeBytes = page });
            Print(output, stats);
            return HmsTraceCli.Success;
        });
        return command;
    }

    private static void Print(TextWriter output, TraceStatistics s)
    {
        var console = Terminal.For(output);
        var ci = CultureInfo.InvariantCulture;
        var summary = new Table().Title(Markup.Escape(s.Source)).AddColumns("what", "value");
        summary.AddRow("format", s.Format);
        summary.AddRow("records", s.RecordCount.ToString("N0", ci));
        summary.AddRow("time span", s.FirstTimeNs is { } first ? Markup.Escape($"{first} .. {s.LastTimeNs} ns ({Duration.Format(s.DurationNs)})") : "-");
        if (s.OutOfOrderRecords > 0)
        {
            summary.AddRow("out-of-order records", s.OutOfOrderRecords.ToString("N0", ci));
        }

        summary.AddRow("processes", s.Processes.Count.ToString(ci));
        summary.AddRow("footprint", Markup.Escape($"{s.TouchedPages:N0} pages of {ByteSize.Format(s.PageSizeBytes)} = {ByteSize.Format(s.TouchedBytes)}"));
        summary.AddRow("address ranges touched", s.RangeCount.ToString("N0", ci));
        console.Write(summary);

        var initiators = new Table().Title("initiators").AddColumns("index", "name", "records");
        foreach (var i in s.Initiators)
        {
            initiators.AddRow(i.Index.ToString(ci), Markup.Escape(i.Name), i.Records.ToString("N0", ci));
        }

        console.Write(initiators);
        var ops = new Table().Title("operation mix").AddColumns("op", "records", "share", "bytes");
        foreach (var o in s.Operations)
        {
            ops.AddRow(o.Operation.ToString().ToLowerInvariant(), o.Records.ToString("N0", ci), s.RecordCount == 0 ? "-" : ((double)o.Records / s.RecordCount).ToString("P1", ci), ByteSize.Format((long)Math.Min(o.Bytes, long.MaxValue)));
        }

        console.Write(ops);
        var processes = new Table().Title("processes").AddColumns("pid", "records", "accesses", "pages", "bytes", "ranges");
        foreach (var p in s.Processes)
        {
            processes.AddRow(p.ProcessId.ToString(ci), p.Records.ToString("N0", ci), p.Accesses.ToString("N0", ci), p.TouchedPages.ToString("N0", ci), ByteSize.Format(p.TouchedBytes), p.RangeCount.ToString("N0", ci));
        }

        console.Write(processes);
        var ranges = new Table().Title("largest address ranges touched").AddColumns("pid", "start", "end", "pages", "size");
        foreach (var r in s.LargestRanges)
        {
            ranges.AddRow(r.ProcessId.ToString(ci), $"0x{r.StartAddress:x}", $"0x{r.EndAddress:x}", r.Pages.ToString("N0", ci), ByteSize.Format((long)r.SizeBytes));
        }

        console.Write(ranges);
    }
}
