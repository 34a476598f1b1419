using System.CommandLine;
using System.Globalization;
using HmsTrace.Cli.Console;
using HmsTrace.Engine;
using HmsTrace.Engine.Policies;
using HmsTrace.Replay.Pipeline;
using HmsTrace.Replay.Sweep;
using HmsTrace.Traces;
using Spectre.Console;

namespace HmsTrace.Cli.Commands;

/// <summary>
/// <c>hmstrace sweep</c>: every trace × topology × policy × parameter point, in parallel, resumable
/// and shardable, into one Hive-partitioned dataset.
/// </summary>
internal static class SweepCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string?>("SWEEP_FILE") { Description = "Sweep file (YAML or JSON) with traces, topologies, policies, params, capacity, ...; options below add to it or override it.", Arity = ArgumentArity.ZeroOrOne };
        var trace = new Option<string[]>("--trace") { Description = "Trace files, folders or globs (repeatable)." };
        var topology = new Option<string[]>("--topology") { Description = "Topology files, folders, globs or bundled preset names (repeatable). Default: cpu-gpu-pcie." };
        var policy = new Option<string[]>("--policy") { Description = "Policies: built-in names (first-touch, migrate-on-fault, lru, optimal) or script files/folders/globs (repeatable)." };
        var param = new Option<string[]>("--param") { Description = "Parameter axis name=v1,v2,... (repeatable). A target name of the topology makes it a capacity axis, as --capacity." };
        var capacity = new Option<string[]>("--capacity") { Description = "Capacity axis target=v1,v2,... with sizes (1GiB) or percentages of the trace's footprint (25%) (repeatable)." };
        var epoch = new Option<string?>("--epoch") { Description = "Epoch length: trace time (10ms) or records (100000). Default 10ms." };
        var seed = new Option<ulong?>("--seed") { Description = "Seed handed to the policies. Default 1." };
        var maxRegions = new Option<int?>("--max-regions") { Description = "Show epoch hooks at most N monitoring regions, DAMON-style (adjacent ranges of similar access frequency merged; placement stays exact). Default 0: every range." };
        var onFault = new Option<PolicyFaultMode?>("--on-policy-fault") { Description = "When a policy faults: fail that run (default), or fall back to first-touch and record the fault." };
        var from = new Option<string?>("--from") { Description = "Trace format, when it cannot be detected from the content." };
        var initiator = new Option<string?>("--initiator") { Description = "Initiator name for trace formats that record none. Default cpu0." };
        var outDir = new Option<string?>("--out") { Description = "Result dataset folder (shared by all shards). Default: results." };
        var parallel = new Option<int?>("--parallel") { Description = "Engines replaying at once. Default: the core count." };
        var shard = new Option<string?>("--shard") { Description = "Run shard i/n of the matrix (a contiguous block; 1 ≤ i ≤ n)." };
        var share = new Option<int?>("--share-decoding") { Description = "Replays of one trace fed by one decoder; 1 decodes per replay. Default 8." };
        var plan = new Option<bool>("--plan") { Description = "Print the run matrix (and which runs are already complete in --out) without running it." };
        var command = new Command("sweep", "Replay traces × topologies × policies × parameter grids in parallel into one dataset; resumable, shardable.")
        {
            file, trace, topology, policy, param, capacity, epoch, seed, maxRegions, onFault, from, initiator, outDir, parallel, shard, share, plan,
        };
        command.SetAction(async (parse, token) =>
        {
            var sweepFile = parse.GetValue(file) is { } f ? SweepFile.Load(f) : null;
            var folder = sweepFile?.Folder ?? Environment.CurrentDirectory;
            string? Setting(string key) => sweepFile is not null && sweepFile.Settings.TryGetValue(key, out var v) ? v : null;

            // A setting's value read from the file: its errors name the file and line, not an option.
            T FromFile<T>(string key, Func<string, T> read)
            {
                try
                {
                    return read(Setting(key)!);
                }
                catch (Exception e) when (e is UsageException or InputException)
                {
                    throw InputException.AtLine(sweepFile!.FilePath, sweepFile.SettingLines[key], $"{key}: {(e is InputException input ? input.Problem : e.Message)}", "Fix the value in the sweep file", e);
                }
            }

            var (epochNs, epochRecords) = parse.GetValue(epoch) is { } epochText ? CommonOptions.Epoch(epochText)
                : Setting("epoch") is not null ? FromFile("epoch", CommonOptions.Epoch) : CommonOptions.Epoch("10ms");
            var spec = new SweepSpec
            {
                Traces = Traces(sweepFile, parse.GetValue(trace)),
                Topologies = Topologies(sweepFile, parse.GetValue(topology)),
                Policies = Policies(sweepFile, parse.GetValue(policy)),
                Parameters = [.. sweepFile?.Parameters ?? [], .. Axes(parse.GetValue(param), "--param")],
                Capacities = [.. sweepFile?.Capacities ?? [], .. Axes(parse.GetValue(capacity), "--capacity")],
                TraceOptions = new TraceReadOptions { Format = parse.GetValue(from) ?? Setting("from"), Initiator = parse.GetValue(initiator) ?? Setting("initiator") ?? "cpu0" },
                Options = new ReplayOptions
                {
                    EpochNs = epochNs == 0 ? new ReplayOptions().EpochNs : epochNs,
                    EpochRecords = epochRecords,
                    Seed = parse.GetValue(seed) ?? (Setting("seed") is not null ? FromFile("seed", ParseSeed) : 1UL),
                    OnPolicyFault = parse.GetValue(onFault) ?? (Setting("on-policy-fault") is not null ? FromFile("on-policy-fault", ParseFaultMode) : PolicyFaultMode.Fail),
                    MaxRegions = parse.GetValue(maxRegions) is { } mr
                        ? (mr >= 0 ? mr : throw new UsageException("--max-regions must be 0 or more"))
                        : (Setting("max-regions") is not null ? FromFile("max-regions", ParseMaxRegions) : 0),
                },
            };
            var root = Path.GetFullPath(parse.GetValue(outDir) ?? (Setting("out") is { } o ? Path.GetFullPath(o, folder) : "results"));
            var selected = parse.GetValue(shard) is { } sh ? SweepShard.Parse(sh) : SweepShard.All;
            var matrix = SweepPlan.Create(spec);
            var runs = matrix.Select(selected);
            if (parse.GetValue(plan))
            {
                PrintPlan(output, matrix, runs, selected, root);
                return HmsTraceCli.Success;
            }

            var options = new SweepOptions
            {
                Parallel = Positive(parse.GetValue(parallel) ?? Environment.ProcessorCount, "--parallel"),
                ShareDecoding = Positive(parse.GetValue(share) ?? new SweepOptions().ShareDecoding, "--share-decoding"),
            };
            var display = new SweepDisplay(output, error, runs.Count);
            SweepSummary summary;
            try
            {
                summary = await display.RunAsync(observer => SweepRunner.RunAsync(runs, root, options, observer, token)).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await error.WriteLineAsync("interrupted: the runs that finished are in place; run the same command again to resume").ConfigureAwait(false);
                return HmsTraceCli.Interrupted;
            }

            PrintSummary(output, summary, root, selected);
            return summary.Failed > 0 ? HmsTraceCli.UserError : HmsTraceCli.Success;
        });
        return command;

        string Base(SweepFile? f) => f?.Folder ?? Environment.CurrentDirectory;

        List<string> Traces(SweepFile? f, string[]? cli)
        {
            var result = new List<string>();
            foreach (var p in f?.Traces ?? [])
            {
                result.AddRange(InputPaths.Expand(p, Base(f), "trace"));
            }

            foreach (var p in cli ?? [])
            {
                result.AddRange(InputPaths.Expand(p, Environment.CurrentDirectory, "trace"));
            }

            return result;
        }

        List<string> Topologies(SweepFile? f, string[]? cli)
        {
            var result = new List<string>();
            void Add(string p, string folder)
            {
                result.AddRange(BundledFiles.Preset(p) is { } preset ? [preset] : InputPaths.Expand(p, folder, "topology"));
            }

            foreach (var p in f?.Topologies ?? [])
            {
                Add(p, Base(f));
            }

            foreach (var p in cli ?? [])
            {
                Add(p, Environment.CurrentDirectory);
            }

            if (result.Count == 0)
            {
                result.Add(BundledFiles.DefaultTopology);
            }

            return result;
        }

        List<SweepPolicy> Policies(SweepFile? f, string[]? cli)
        {
            var result = new List<SweepPolicy>();
            void Add(string name, IReadOnlyDictionary<string, string> parameters, string folder)
            {
                // A built-in policy's name is that policy even beside a folder of the same name
                // (a folder of scripts is still reachable as lru/ or ./lru).
                var builtIn = BuiltInPolicies.Names.Contains(name);
                var isPath = !builtIn && (name.Contains('/', StringComparison.Ordinal) || name.Contains('*', StringComparison.Ordinal) || name.EndsWith(".csx", StringComparison.OrdinalIgnoreCase) || Directory.Exists(Path.GetFullPath(name, folder)));
                if (!isPath)
                {
                    result.Add(new SweepPolicy(CommonOptions.Policy(name), parameters));
                    return;
                }

                foreach (var path in InputPaths.Expand(name, folder, "policy", folderExtension: ".csx"))
                {
                    result.Add(new SweepPolicy(CommonOptions.Policy(path), parameters));
                }
            }

            foreach (var (name, parameters) in f?.Policies ?? [])
            {
                Add(name, parameters, Base(f));
            }

            foreach (var name in cli ?? [])
            {
                Add(name, new Dictionary<string, string>(StringComparer.Ordinal), Environment.CurrentDirectory);
            }

            return result;
        }
    }

    private static List<SweepAxis> Axes(string[]? pairs, string option)
    {
        var axes = new List<SweepAxis>();
        foreach (var (name, values) in CommonOptions.Pairs(pairs, option))
        {
            var list = new List<string>();
            foreach (var v in values.Split(',', StringSplitOptions.TrimEntries))
            {
                if (v.Length == 0)
                {
                    throw new UsageException($"{option} {name} has an empty value");
                }

                list.Add(v);
            }

            axes.Add(new SweepAxis(name, list));
        }

        return axes;
    }

    private static int Positive(int value, string option) => value >= 1 ? value : throw new UsageException($"{option} must be at least 1");

    private static ulong ParseSeed(string text) => ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
        ? v
        : throw new UsageException($"'{text}' is not a non-negative integer");

    private static int ParseMaxRegions(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
        ? v
        : throw new UsageException($"'{text}' is not a non-negative integer (0 shows every range)");

    private static PolicyFaultMode ParseFaultMode(string text) => Enum.TryParse<PolicyFaultMode>(text, ignoreCase: true, out var m)
        ? m
        : throw new UsageException($"'{text}' is neither fail nor fallback");

    private static void PrintPlan(TextWriter output, SweepPlan matrix, IReadOnlyList<SweepRun> runs, SweepShard shard, string root)
    {
        var console = Wide(Terminal.For(output), output);
        var done = 0;
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var c in new[] { "#", "run id", "trace", "topology", "policy", "parameters", "state" })
        {
            table.AddColumn(c);
        }

        foreach (var run in runs)
        {
            var complete = RunFiles.IsComplete(root, run);
            done += complete ? 1 : 0;
            table.AddRow(
                run.Index.ToString(CultureInfo.InvariantCulture),
                run.RunId,
                Markup.Escape(run.TraceName),
                Markup.Escape(run.Topology.Name),
                Markup.Escape(run.Policy.Name),
                Markup.Escape(run.ParametersText),
                complete ? "complete" : "to run");
        }

        console.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"plan: {runs.Count} of {matrix.Runs.Count} runs (shard {shard}); {done} already complete in {root}"));
    }

    private static void PrintSummary(TextWriter output, SweepSummary summary, string root, SweepShard shard)
    {
        var console = Wide(Terminal.For(output), output);
        if (summary.Failed > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).Title("failed runs");
            foreach (var c in new[] { "#", "run id", "policy", "trace", "topology", "parameters", "why" })
            {
                table.AddColumn(c);
            }

            foreach (var o in summary.Outcomes)
            {
                if (o.Status == SweepRunStatus.Failed)
                {
                    var r = o.Run;
                    table.AddRow(r.Index.ToString(CultureInfo.InvariantCulture), r.RunId, Markup.Escape(r.Policy.Name), Markup.Escape(r.TraceName), Markup.Escape(r.Topology.Name), Markup.Escape(r.ParametersText), Markup.Escape(o.Error ?? string.Empty));
                }
            }

            console.Write(table);
        }

        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sweep (shard {shard}): {summary.Completed} completed, {summary.Skipped} already complete, {summary.Failed} failed, of {summary.Outcomes.Count} runs; results: {root}"));
    }

    /// <summary>Redirected output has no width; wide tables would wrap at Spectre's default of 80 columns.</summary>
    private static IAnsiConsole Wide(IAnsiConsole console, TextWriter output)
    {
        if (!Terminal.IsInteractive(output))
        {
            console.Profile.Width = 240;
        }

        return console;
    }
}
