using System.CommandLine;
using System.Globalization;
using HmsTrace.Cli.Console;
using HmsTrace.Engine;
using HmsTrace.Engine.Policies;
using HmsTrace.Replay.Pipeline;
using HmsTrace.Replay.Results;
using HmsTrace.Traces;
using HmsTrace.Units;
using Spectre.Console;

namespace HmsTrace.Cli.Commands;

/// <summary><c>hmstrace replay</c>: the main job.</summary>
internal static class ReplayCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var trace = new Option<string>("--trace") { Description = "Trace file (any supported format, gzip ok). Default: the bundled pingpong sample." };
        var from = new Option<string?>("--from") { Description = "Trace format, when it cannot be detected from the content." };
        var topology = new Option<string>("--topology") { Description = "Topology JSON file or bundled preset name (cpu-gpu-pcie, numa2-gpu2-nvlink, dram-cxl, dram-hbm-pmem, two-tier). Default: cpu-gpu-pcie." };
        var policy = new Option<string>("--policy") { Description = "Placement policy: first-touch, migrate-on-fault, lru, optimal (Belady MIN for the fastest tier: the upper bound), or a policy script (.csx).", DefaultValueFactory = _ => "first-touch" };
        var param = new Option<string[]>("--param") { Description = "Policy parameter name=value (repeatable).", AllowMultipleArgumentsPerToken = false };
        var capacity = new Option<string[]>("--capacity") { Description = "Override a target's capacity: name=size, e.g. fast=1GiB (repeatable)." };
        var quota = new Option<string[]>("--quota") { Description = "Set a target's per-process quota: name=size, e.g. fast=256MiB (repeatable)." };
        var allow = new Option<string[]>("--allow") { Description = "Set a target's allow-list: name=pid,pid, e.g. hbm=1,3 (repeatable)." };
        var epoch = new Option<string>("--epoch") { Description = "Epoch length: trace time (10ms) or records (100000).", DefaultValueFactory = _ => "10ms" };
        var outDir = new Option<string>("--out") { Description = "Result dataset folder.", DefaultValueFactory = _ => "results" };
        var initiator = new Option<string>("--initiator") { Description = "Initiator name for trace formats that record none.", DefaultValueFactory = _ => "cpu0" };
        var onFault = new Option<PolicyFaultMode>("--on-policy-fault") { Description = "When the policy faults: fail the run, or fall back to first-touch and record the fault.", DefaultValueFactory = _ => PolicyFaultMode.Fail };
        var seed = new Option<ulong>("--seed") { Description = "Seed handed to the policy.", DefaultValueFactory = _ => 1UL };
        var maxRegions = new Option<int>("--max-regions") { Description = "Show the policy's epoch hook at most N monitoring regions, DAMON-style (adjacent ranges of similar access frequency merged; placement stays exact). 0: every range.", DefaultValueFactory = _ => 0 };
        var snapshots = new Option<int>("--snapshot-every") { Description = "Write a ranges-table snapshot every N active epochs (0: none); idle epochs are not snapshotted.", DefaultValueFactory = _ => 1 };
        var pingPong = new Option<string>("--ping-pong-window") { Description = "A range returning to a target it left within this trace time counts as a ping-pong.", DefaultValueFactory = _ => "100ms" };
        var fuelPerCall = new Option<long>("--fuel-per-call") { Description = "Script policies: steps one hook call may take.", DefaultValueFactory = _ => new FuelBudget().StepsPerCall };
        var fuelPerRun = new Option<long>("--fuel-per-run") { Description = "Script policies: steps the whole run may take.", DefaultValueFactory = _ => new FuelBudget().StepsPerRun };
        var timePerCall = new Option<string>("--time-per-call") { Description = "Script policies: wall-clock time one hook call may take, a backstop behind the fuel (0: no limit); a stop by it always fails the run.", DefaultValueFactory = _ => "30s" };
        var stats = new Option<bool>("--stats") { Description = "Print throughput (records/s) and peak memory after the summary." };
        var command = new Command("replay", "Replay a trace through a machine under a policy; print a summary and write Parquet results.")
        {
            trace, from, topology, policy, param, capacity, quota, allow, epoch, outDir, initiator, onFault, seed, maxRegions, snapshots, pingPong, fuelPerCall, fuelPerRun, timePerCall, stats,
        };
        command.SetAction(async (parse, token) =>
        {
            var (epochNs, epochRecords) = CommonOptions.Epoch(parse.GetValue(epoch)!);
            var (machine, topologySha, machineSettings) = CommonOptions.Topology(parse.GetValue(topology) ?? BundledFiles.DefaultTopology, CommonOptions.Pairs(parse.GetValue(capacity), "--capacity"), CommonOptions.Pairs(parse.GetValue(quota), "--quota"), CommonOptions.Pairs(parse.GetValue(allow), "--allow"));
            var tracePath = parse.GetValue(trace) ?? BundledFiles.DefaultTrace;
            var traceOptions = new TraceReadOptions { Format = parse.GetValue(from), Initiator = parse.GetValue(initiator)! };
            var job = new ReplayJob
            {
                TracePath = tracePath,
                TraceOptions = traceOptions,
                Topology = machine,
                TopologySha256 = topologySha,
                Policy = CommonOptions.Policy(parse.GetValue(policy)!, new FuelBudget { StepsPerCall = AtLeastOne(parse.GetValue(fuelPerCall), "--fuel-per-call"), StepsPerRun = AtLeastOne(parse.GetValue(fuelPerRun), "--fuel-per-run"), TimePerCall = TimeLimit(parse.GetValue(timePerCall)) }),
                Options = new ReplayOptions
                {
                    EpochNs = epochNs == 0 ? new ReplayOptions().EpochNs : epochNs,
                    EpochRecords = epochRecords,
                    Parameters = WithMachineSettings(CommonOptions.Pairs(parse.GetValue(param), "--param"), machineSettings),
                    Seed = parse.GetValue(seed),
                    OnPolicyFault = parse.GetValue(onFault),
                    MaxRegions = parse.GetValue(maxRegions) >= 0 ? parse.GetValue(maxRegions) : throw new UsageException("--max-regions must be 0 or more"),
                    RangeSnapshotEvery = parse.GetValue(snapshots) >= 0 ? parse.GetValue(snapshots) : throw new UsageException("--snapshot-every must be 0 or more"),
                    PingPongWindowNs = Duration.TryParseNs(parse.GetValue(pingPong), out var window) ? window : throw new UsageException($"--ping-pong-window '{parse.GetValue(pingPong)}' is not a duration like 100ms"),
                },
            };
            var sink = new ParquetResultSink(parse.GetValue(outDir)!);
            var display = new ProgressDisplay(output, error, "replay");
            var result = await display.RunAsync(p => ReplayPipeline.RunAsync(job, sink, p, token)).ConfigureAwait(false);
            PrintSummary(output, job, result, sink.Root, parse.GetValue(stats));
            return HmsTraceCli.Success;
        });
        return command;
    }

    private static void PrintSummary(TextWriter output, ReplayJob job, ReplayResult result, string root, bool stats)
    {
        var console = Terminal.For(output);
        var t = result.Totals;
        var table = new Table().Border(TableBorder.Rounded).Title($"run {result.RunId}");
        table.AddColumn("what");
        table.AddColumn(new TableColumn("value").RightAligned());
        void Row(string what, string value) => table.AddRow(Markup.Escape(what), Markup.Escape(value));
        Row("trace", $"{result.TraceName} ({Path.GetFileName(job.TracePath)})");
        Row("topology", job.Topology.Name);
        Row("policy", result.PolicyName);
        Row("records", t.Records.ToString("N0", CultureInfo.InvariantCulture));
        Row("page touches", t.Accesses.ToString("N0", CultureInfo.InvariantCulture));
        Row("bytes accessed", ByteSize.Format(t.Bytes));
        Row("hit rate (accesses)", t.HitRate.ToString("P2", CultureInfo.InvariantCulture));
        Row("hit rate (bytes)", t.ByteHitRate.ToString("P2", CultureInfo.InvariantCulture));
        Row("modeled time", Duration.Format(t.ModeledNs));
        Row("migrations (moved/partial/failed)", string.Create(CultureInfo.InvariantCulture, $"{t.MigrationsMoved:N0} / {t.MigrationsPartial:N0} / {t.MigrationsFailed:N0}"));
        Row("bytes migrated", ByteSize.Format(t.BytesMigrated));
        Row("ping-pongs", t.PingPongs.ToString("N0", CultureInfo.InvariantCulture));
        Row("epochs", t.Epochs.ToString("N0", CultureInfo.InvariantCulture));
        if (job.Options.MaxRegions > 0)
        {
            Row("monitoring regions (epoch view)", string.Create(CultureInfo.InvariantCulture, $"at most {job.Options.MaxRegions:N0}"));
        }

        if (t.PolicyFaults > 0)
        {
            Row("policy faults", $"{t.PolicyFaults:N0}: {t.FirstPolicyFault}");
        }

        if (t.TraceErrors > 0)
        {
            Row("trace errors (unmapped accesses, bad unpins)", t.TraceErrors.ToString("N0", CultureInfo.InvariantCulture));
        }

        if (t.OvercommittedPages > 0)
        {
            Row("overcommitted pages (no target had room)", t.OvercommittedPages.ToString("N0", CultureInfo.InvariantCulture));
        }

        console.Write(table);
        console.WriteLine($"results: {Path.GetRelativePath(Environment.CurrentDirectory, root)}/ ({string.Join(", ", TableNames(result.Files))})");
        if (stats)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"throughput: {result.RecordsPerSecond / 1e6:0.00} M records/s over {result.WallNs / 1e9:0.000} s; peak working set {ByteSize.Format(result.PeakWorkingSetBytes)}"));
        }
    }

    private static TimeSpan TimeLimit(string? text) => text?.Trim() == "0"
        ? TimeSpan.Zero
        : Duration.TryParseNs(text, out var ns)
            ? TimeSpan.FromTicks(ns == 0 ? 0 : Math.Max(1, ns / 100))
            : throw new UsageException($"--time-per-call '{text}' is not a duration like 30s or 2min (0: no limit)");

    private static List<string> TableNames(IReadOnlyList<string> files)
    {
        var names = new List<string>();
        foreach (var f in files)
        {
            var slash = f.IndexOf('/', StringComparison.Ordinal);
            names.Add(slash > 0 ? f[..slash] : f);
        }

        return names;
    }

    private static long AtLeastOne(long value, string option) => value >= 1 ? value : throw new UsageException($"{option} must be at least 1 (steps)");

    /// <summary>
    /// The parameters with the machine overrides added (<c>capacity.NAME</c>, <c>quota.NAME</c>,
    /// <c>allow.NAME</c>; see <see cref="CommonOptions.Topology"/>): the same replay in a sweep and
    /// alone has the same parameters and so the same run id (they differed, and compare listed such
    /// runs twice), and the runs table and the report show them. Those keys are the options' own: a
    /// <c>--param</c> with one of them would claim a setting the run does not have.
    /// </summary>
    private static Dictionary<string, string> WithMachineSettings(Dictionary<string, string> parameters, Dictionary<string, string> machineSettings)
    {
        foreach (var key in parameters.Keys)
        {
            foreach (var (prefix, option) in new[] { (HmsTrace.Replay.Sweep.SweepPlan.CapacityParameterPrefix, "--capacity"), ("quota.", "--quota"), ("allow.", "--allow") })
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    throw new UsageException($"--param {key}: parameters named {prefix}… are set by {option} {key[prefix.Length..]}=…");
                }
            }
        }

        foreach (var (key, value) in machineSettings)
        {
            parameters[key] = value;
        }

        return parameters;
    }
}
