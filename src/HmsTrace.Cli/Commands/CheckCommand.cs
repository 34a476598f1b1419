using System.CommandLine;
using System.Globalization;
using HmsTrace.Scripting;
using HmsTrace.Topology;

namespace HmsTrace.Cli.Commands;

/// <summary>
/// <c>hmstrace check POLICY...</c>: runs every check a policy script gets before it runs and prints
/// the findings in the compiler's format; exit 1 on any error. <c>--describe</c> also prints the
/// parameters each passing policy declares.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var policies = new Argument<string[]>("policy") { Description = "Policy scripts (.csx).", Arity = ArgumentArity.OneOrMore };
        var describe = new Option<bool>("--describe") { Description = "Print each policy's parameters: name, type, default, range, description." };
        var topology = new Option<string>("--topology") { Description = "Topology to initialise against for --describe. Default: cpu-gpu-pcie." };
        var command = new Command("check", "Compile and check policy scripts (analyzers, IL check); print diagnostics as file(line,col): error ID: message.")
        {
            policies, describe, topology,
        };
        command.SetAction(parse =>
        {
            var loader = CommonOptions.ScriptLoader;
            var errors = 0;
            var warnings = 0;
            foreach (var path in parse.GetValue(policies)!)
            {
                var result = loader.Check(path);
                foreach (var d in result.Diagnostics)
                {
                    output.WriteLine(d.ToString());
                    _ = d.IsError ? errors++ : warnings++;
                }

                if (result.Script is { } script && parse.GetValue(describe))
                {
                    Describe(output, script, TopologyLoader.Load(BundledFiles.Topology(parse.GetValue(topology) ?? BundledFiles.DefaultTopology)));
                }
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{errors} error(s), {warnings} warning(s)"));
            return errors > 0 ? HmsTraceCli.UserError : HmsTraceCli.Success;
        });
        return command;
    }

    private static void Describe(TextWriter output, PolicyScript script, MachineTopology machine)
    {
        output.WriteLine($"{script.Path}: policy {script.PolicyTypeName}");
        var parameters = script.DescribeParameters(machine);
        if (parameters.Count == 0)
        {
            output.WriteLine("  (no parameters)");
        }

        foreach (var p in parameters)
        {
            var range = p.Minimum is { } min && p.Maximum is { } max
                ? string.Create(CultureInfo.InvariantCulture, $" in [{(min == long.MinValue ? "-inf" : min)}, {(max == long.MaxValue ? "inf" : max)}]")
                : string.Empty;
            output.WriteLine($"  --param {p.Name}=<{p.Kind.ToString().ToLowerInvariant()}>  default {p.DefaultValue}{range}  {p.Description}");
        }
    }
}
