using System.CommandLine;
using System.Globalization;
using HmsTrace.Traces.Generators;

namespace HmsTrace.Cli.Commands;

/// <summary><c>hmstrace trace gen WORKLOAD</c>: one subcommand per workload, options from the generator.</summary>
internal static partial class TraceCommands
{
    private static Command Gen(TextWriter output)
    {
        var gen = new Command("gen", "Generate a seeded, deterministic synthetic trace.");
        foreach (var workload in Workloads.All)
        {
            var outFile = new Option<string>("--out") { Description = "Trace file to write: .hmst (binary) or .csv, optionally .gz.", Required = true };
            var records = new Option<string?>("--records") { Description = "Number of accesses (same as --accesses)." };
            var command = new Command(workload.Name, workload.Description) { outFile, records };
            var options = new List<(Option<string?> Option, string Name)>();
            foreach (var o in workload.Options)
            {
                var option = new Option<string?>("--" + o.Name) { Description = $"{o.Description} (default {o.DefaultValue})" };
                command.Options.Add(option);
                options.Add((option, o.Name));
            }

            command.SetAction(parse =>
            {
                var values = new List<KeyValuePair<string, string>>();
                foreach (var (option, name) in options)
                {
                    if (parse.GetValue(option) is { } value)
                    {
                        values.Add(new(name, value));
                    }
                }

                if (parse.GetValue(records) is { } count)
                {
                    if (workload.FindOption("accesses") is null)
                    {
                        throw new UsageException($"the {workload.Name} workload has no access count; see --help");
                    }

                    values.Add(new("accesses", count));
                }

                var path = parse.GetValue(outFile)!;
                var written = TraceGenerator.Generate(workload.Parse(values), path);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {written:N0} records ({workload.Name}) to {path}"));
                return HmsTraceCli.Success;
            });
            gen.Subcommands.Add(command);
        }

        return gen;
    }
}
