using HmsTrace.Replay.Pipeline;
using HmsTrace.Replay.Results;
using HmsTrace.Topology;

namespace HmsTrace.Replay.Sweep;

/// <summary>
/// The run matrix of a sweep, in a deterministic order that depends only on the inputs' names and
/// contents (not on the order they were given in, nor on where they are mounted): traces by
/// partition name then content hash; for each, topologies likewise; then policies by name and hash;
/// then the grid points with axes in ordinal name order, each axis's values in the given order, the
/// last axis varying fastest. Combinations that would write the same files are listed once. Immutable.
/// </summary>
public sealed class SweepPlan
{
    /// <summary>Prefix of the parameter that records a capacity setting in <c>parameters_json</c>.</summary>
    public const string CapacityParameterPrefix = "capacity.";

    private SweepPlan(IReadOnlyList<SweepRun> runs) => Runs = runs;

    /// <summary>Every run, in matrix order (<see cref="SweepRun.Index"/> is the position).</summary>
    public IReadOnlyList<SweepRun> Runs { get; }

    /// <summary>The runs of one shard, in matrix order.</summary>
    public IReadOnlyList<SweepRun> Select(SweepShard shard)
    {
        var start = shard.Start(Runs.Count);
        var end = shard.End(Runs.Count);
        var selected = new SweepRun[end - start];
        for (var i = start; i < end; i++)
        {
            selected[i - start] = Runs[i];
        }

        return selected;
    }

    /// <summary>
    /// Expands <paramref name="spec"/> into its runs, hashing every trace and topology file. Throws
    /// <see cref="InputException"/> for a missing file, a capacity axis naming no target, a parameter
    /// that is both fixed for a policy and swept, or an empty input list.
    /// </summary>
    public static SweepPlan Create(SweepSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Require(spec.Traces.Count, "traces", "Give at least one trace: --trace FILE|FOLDER|GLOB");
        Require(spec.Topologies.Count, "topologies", "Give at least one topology: --topology FILE|PRESET");
        Require(spec.Policies.Count, "policies", "Give at least one policy: --policy NAME");

        var traces = new List<(string Path, string Name, string Sha)>();
        foreach (var path in Distinct(spec.Traces))
        {
            RequireFile(path, "trace");
            traces.Add((path, DatasetPath.TraceName(path), RunIdentity.FileSha256(path)));
        }

        traces.Sort((a, b) => Compare(a.Name, b.Name, a.Sha, b.Sha, a.Path, b.Path));

        var topologies = new List<(string Path, MachineTopology Topology, string Sha)>();
        foreach (var path in Distinct(spec.Topologies))
        {
            RequireFile(path, "topology");
            topologies.Add((path, TopologyLoader.Load(path), RunIdentity.FileSha256(path)));
        }

        topologies.Sort((a, b) => Compare(a.Topology.Name, b.Topology.Name, a.Sha, b.Sha, a.Path, b.Path));

        var policies = new List<(SweepPolicy Policy, string FixedJson)>();
        foreach (var p in spec.Policies)
        {
            policies.Add((p, RunIdentity.ParametersJson(p.Parameters)));
        }

        policies.Sort((a, b) => Compare(a.Policy.Source.Name, b.Policy.Source.Name, a.Policy.Source.Sha256, b.Policy.Source.Sha256, a.FixedJson, b.FixedJson));

        var axes = Axes(spec, topologies);
        var runs = new List<SweepRun>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var point = new int[axes.Count];
        foreach (var trace in traces)
        {
            foreach (var topology in topologies)
            {
                foreach (var (policy, _) in policies)
                {
                    Array.Clear(point);
                    do
                    {
                        var run = Run(spec, runs.Count, trace, topology, policy, axes, point);
                        if (seen.Add($"{run.Policy.Name}/{run.TraceName}/{run.RunId}"))
                        {
                            runs.Add(run);
                        }
                    }
                    while (Next(point, axes));
                }
            }
        }

        return new SweepPlan(runs);
    }

    private static SweepRun Run(
        SweepSpec spec,
        int index,
        (string Path, string Name, string Sha) trace,
        (string Path, MachineTopology Topology, string Sha) topology,
        SweepPolicy policy,
        List<(string Key, SweepAxis Axis, bool IsCapacity)> axes,
        int[] point)
    {
        var parameters = new Dictionary<string, string>(policy.Parameters, StringComparer.Ordinal);
        var capacities = new List<CapacitySetting>();
        for (var a = 0; a < axes.Count; a++)
        {
            var (key, axis, isCapacity) = axes[a];
            var value = axis.Values[point[a]];
            if (isCapacity)
            {
                var setting = CapacitySetting.Parse(axis.Name, value);
                capacities.Add(setting);
                parameters[key] = setting.Text;
            }
            else if (!parameters.TryAdd(key, value))
            {
                throw InputException.In($"--param {key}", $"is both fixed for policy {policy.Source.Name} and swept", "Fix it for the policy or sweep it, not both");
            }
        }

        // Ordinal by target, as `hmstrace replay --capacity` applies them, so that absolute sizes
        // give the same topology identity (and run id) in a sweep as in a single replay.
        capacities.Sort((x, y) => string.CompareOrdinal(x.Target, y.Target));
        var topologySha = topology.Sha;
        foreach (var c in capacities)
        {
            topologySha = RunIdentity.TextSha256(c.IsFraction ? $"{topologySha}\n{c.Target}={c.Text}" : $"{topologySha}\n{c.Target}={c.Bytes}");
        }

        var options = spec.Options with { Parameters = parameters };
        return new SweepRun
        {
            Index = index,
            RunId = RunIdentity.RunId(trace.Sha, trace.Name, spec.TraceOptions, topologySha, policy.Source.Sha256, options),
            TracePath = trace.Path,
            TraceName = trace.Name,
            TraceSha256 = trace.Sha,
            TraceOptions = spec.TraceOptions,
            TopologyPath = topology.Path,
            Topology = topology.Topology,
            TopologySha256 = topologySha,
            Policy = policy.Source,
            Capacities = capacities,
            Options = options,
        };
    }

    private static List<(string Key, SweepAxis Axis, bool IsCapacity)> Axes(SweepSpec spec, List<(string Path, MachineTopology Topology, string Sha)> topologies)
    {
        var axes = new List<(string Key, SweepAxis Axis, bool IsCapacity)>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        void Add(SweepAxis axis, bool isCapacity)
        {
            if (axis.Values.Count == 0)
            {
                throw InputException.In($"parameter {axis.Name}", "has no values", "Give at least one value: name=v1,v2");
            }

            var key = isCapacity ? CapacityParameterPrefix + axis.Name : axis.Name;
            if (!keys.Add(key))
            {
                throw InputException.In($"parameter {axis.Name}", "is swept twice", "Give each parameter once, with all its values");
            }

            if (isCapacity)
            {
                foreach (var (_, topology, _) in topologies)
                {
                    if (!HasTarget(topology, axis.Name))
                    {
                        throw InputException.In($"--capacity {axis.Name}", $"topology {topology.Name} has no target named '{axis.Name}'", "Run `hmstrace topo show` to list its targets");
                    }
                }

                foreach (var v in axis.Values)
                {
                    CapacitySetting.Parse(axis.Name, v);
                }
            }

            axes.Add((key, axis, isCapacity));
        }

        foreach (var axis in spec.Parameters)
        {
            var targetIn = 0;
            foreach (var (_, topology, _) in topologies)
            {
                targetIn += HasTarget(topology, axis.Name) ? 1 : 0;
            }

            if (targetIn > 0 && targetIn < topologies.Count)
            {
                throw InputException.In($"--param {axis.Name}", "names a target in some topologies but not in others", "Use --capacity for target sizes, and sweep topologies that share target names");
            }

            Add(axis, targetIn > 0);
        }

        foreach (var axis in spec.Capacities)
        {
            Add(axis, true);
        }

        axes.Sort((x, y) => string.CompareOrdinal(x.Key, y.Key));
        return axes;
    }

    private static bool HasTarget(MachineTopology topology, string name)
    {
        foreach (var t in topology.Targets)
        {
            if (string.Equals(t.Name, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Next(int[] point, List<(string Key, SweepAxis Axis, bool IsCapacity)> axes)
    {
        for (var a = point.Length - 1; a >= 0; a--)
        {
            if (++point[a] < axes[a].Axis.Values.Count)
            {
                return true;
            }

            point[a] = 0;
        }

        return false;
    }

    private static int Compare(string a1, string b1, string a2, string b2, string a3, string b3)
    {
        var c = string.CompareOrdinal(a1, b1);
        if (c == 0)
        {
            c = string.CompareOrdinal(a2, b2);
        }

        return c != 0 ? c : string.CompareOrdinal(a3, b3);
    }

    private static List<string> Distinct(IReadOnlyList<string> paths)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var p in paths)
        {
            set.Add(Path.GetFullPath(p));
        }

        return [.. set];
    }

    private static void RequireFile(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw InputException.In(path, $"{what} file not found", "Check the path (folders and globs are expanded by the command line)");
        }
    }

    private static void Require(int count, string what, string remedy)
    {
        if (count == 0)
        {
            throw InputException.In("sweep", $"no {what}", remedy);
        }
    }
}
