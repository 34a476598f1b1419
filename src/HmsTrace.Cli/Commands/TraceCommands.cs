using System.CommandLine;
using System.Globalization;
using HmsTrace.Traces;

namespace HmsTrace.Cli.Commands;

/// <summary><c>hmstrace trace</c>: generate, inspect and convert traces.</summary>
internal static partial class TraceCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("trace", "Generate, inspect and convert traces.");
        command.Subcommands.Add(Gen(output));
        command.Subcommands.Add(Info(output));
        command.Subcommands.Add(Convert(output));
        return command;
    }

    private static Command Convert(TextWriter output)
    {
        var input = new Argument<string>("input") { Description = "Trace to read (any supported format, gzip ok)." };
        var target = new Argument<string>("output") { Description = "Trace to write: .hmst (binary) or .csv, optionally .gz." };
        var from = new Option<string?>("--from") { Description = "Input format, when it cannot be detected from the content." };
        var initiator = new Option<string>("--initiator") { Description = "Initiator name for formats that record none.", DefaultValueFactory = _ => "cpu0" };
        var skipBad = new Option<long>("--skip-bad") { Description = "Foreign text traces: drop up to N malformed lines (and say how many) instead of stopping at the first." };
        var command = new Command("convert", "Convert a trace to a native format (binary .hmst or CSV).") { input, target, from, initiator, skipBad };
        command.SetAction(parse =>
        {
            var skip = parse.GetValue(skipBad);
            if (skip < 0)
            {
                throw new UsageException("--skip-bad must be 0 or more (lines)");
            }

            var options = new TraceReadOptions { Format = parse.GetValue(from), Initiator = parse.GetValue(initiator)!, SkipBad = skip };
            using var reader = TraceFile.OpenRead(parse.GetValue(input)!, options);
            using var writer = TraceFile.Create(parse.GetValue(target)!, reader.Header.Initiators);
            var buffer = new TraceRecord[65_536];
            long count = 0;
            int n;
            while ((n = reader.Read(buffer)) > 0)
            {
                writer.Write(buffer.AsSpan(0, n));
                count += n;
            }

            writer.Complete();
            var skipped = reader is IReportsSkippedInput s ? s.SkippedLines : 0;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {count:N0} records to {parse.GetValue(target)}{(skipped > 0 ? $"; dropped {skipped:N0} malformed lines (--skip-bad {skip})" : string.Empty)}"));
            return HmsTraceCli.Success;
        });
        return command;
    }
}
