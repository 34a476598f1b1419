using System.Globalization;
using HmsTrace.Engine.Policies;
using HmsTrace.Replay.Pipeline;
using HmsTrace.Replay.Sweep;
using HmsTrace.Scripting;
using HmsTrace.Topology;
using HmsTrace.Traces;
using HmsTrace.Units;

namespace HmsTrace.Cli.Commands;

/// <summary>Parsing of the option values several commands share.</summary>
internal static class CommonOptions
{
    /// <summary>Parses <c>name=value</c> pairs; a repeated name is a usage error.</summary>
    public static Dictionary<string, string> Pairs(IEnumerable<string>? pairs, string option)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs ?? [])
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new UsageException($"{option} '{pair}' is not name=value");
            }

            var name = pair[..eq].Trim();
            if (!result.TryAdd(name, pair[(eq + 1)..].Trim()))
            {
                throw new UsageException($"{option} {name} is given twice");
            }
        }

        return result;
    }

    /// <summary>Parses <c>--epoch</c>: a duration (<c>10ms</c>) or a record count (<c>100000</c>).</summary>
    public static (long EpochNs, long EpochRecords) Epoch(string text)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var records))
        {
            return records > 0 ? (0, records) : throw new UsageException("--epoch must be positive");
        }

        if (Duration.TryParseNs(text, out var ns) && ns > 0)
        {
            return (ns, 0);
        }

        throw new UsageException($"--epoch '{text}' is neither a duration (10ms, 1s) nor a record count (100000)");
    }

    /// <summary>
    /// Loads a topology (file or bundled preset name) and applies <c>--capacity name=size</c>, then
    /// <c>--quota name=size</c> and <c>--allow name=pid,pid</c> overrides; each one changes the
    /// topology's identity, in ordinal order of the target names. <c>Settings</c> holds them in one
    /// spelling (<c>capacity.NAME</c>, <c>quota.NAME</c>, <c>allow.NAME</c>), as a sweep records its
    /// capacity axis, for the run's parameters.
    /// </summary>
    public static (MachineTopology Topology, string Sha256, Dictionary<string, string> Settings) Topology(
        string nameOrPath, IReadOnlyDictionary<string, string> capacities, IReadOnlyDictionary<string, string> quotas, IReadOnlyDictionary<string, string> allows)
    {
        var path = BundledFiles.Topology(nameOrPath);
        var topology = TopologyLoader.Load(path);
        var identity = RunIdentity.FileSha256(path);
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in Ordinal(capacities))
        {
            var bytes = PositiveSize(capacities[name], "--capacity", name, "capacity must be positive", null);
            topology = Override(topology, name, "--capacity", t => t.WithTargetCapacity(name, bytes));
            identity = RunIdentity.TextSha256($"{identity}\n{name}={bytes}");
            settings[SweepPlan.CapacityParameterPrefix + name] = CapacitySetting.Canonical(bytes);
        }

        foreach (var name in Ordinal(quotas))
        {
            var bytes = PositiveSize(quotas[name], "--quota", name, "a quota must be positive", "Leave --quota out for no quota");
            topology = Override(topology, name, "--quota", t => t.WithTargetQuota(name, bytes));
            identity = RunIdentity.TextSha256($"{identity}\nquota:{name}={bytes}");
            settings["quota." + name] = CapacitySetting.Canonical(bytes);
        }

        foreach (var name in Ordinal(allows))
        {
            var pids = new List<uint>();
            foreach (var part in allows[name].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                pids.Add(uint.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                    ? pid
                    : throw new UsageException($"--allow {name}: '{part}' is not a process id; write --allow {name}=1,2"));
            }

            var list = pids.Distinct().Order().ToList();
            var text = string.Join(',', list);
            topology = Override(topology, name, "--allow", t => t.WithTargetAllowList(name, list));
            identity = RunIdentity.TextSha256($"{identity}\nallow:{name}={text}");
            settings["allow." + name] = text;
        }

        return (topology, identity, settings);
    }

    private static long PositiveSize(string text, string option, string name, string problem, string? remedy)
    {
        var bytes = ByteSize.Parse(text, $"{option} {name}");
        return bytes > 0 ? bytes : throw InputException.In($"{option} {name}", problem, remedy);
    }

    private static List<string> Ordinal(IReadOnlyDictionary<string, string> pairs)
    {
        var keys = new List<string>(pairs.Keys);
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    private static MachineTopology Override(MachineTopology topology, string name, string option, Func<MachineTopology, MachineTopology> change)
    {
        try
        {
            return change(topology);
        }
        catch (KeyNotFoundException)
        {
            throw InputException.In($"{option} {name}", $"topology {topology.Name} has no target named '{name}'", "Run `hmstrace topo show` to list its targets");
        }
    }

    /// <summary>The policy script loader of this process (cache: <c>$HMSTRACE_POLICY_CACHE</c> or <c>~/.cache/hmstrace/policies</c>).</summary>
    public static PolicyScriptLoader ScriptLoader => Loader.Value;

    private static readonly Lazy<PolicyScriptLoader> Loader = new(() => new PolicyScriptLoader());

    /// <summary>
    /// Resolves <c>--policy</c>: a built-in policy's name (oracles such as <c>optimal</c> read the
    /// trace ahead when the replay starts) or a policy script (<c>.csx</c>), checked and loaded.
    /// </summary>
    public static PolicySource Policy(string name, FuelBudget? budget = null)
    {
        if (PolicySource.BuiltIn(name) is { } builtIn)
        {
            return builtIn;
        }

        if (PolicyScriptLoader.IsScriptPath(name))
        {
            PolicyScript script;
            try
            {
                script = ScriptLoader.Load(name);
            }
            catch (PolicyScriptException e)
            {
                throw InputException.In(name, "the policy script was rejected:" + Environment.NewLine + string.Join(Environment.NewLine, e.Diagnostics.Where(d => d.IsError)), $"Run `hmstrace check {name}` for every diagnostic");
            }

            return new PolicySource(script.Name, script.Sha256, () => script.Create(budget));
        }

        throw InputException.In("--policy", $"unknown policy '{name}'", $"Use a policy script (.csx) or one of: {string.Join(", ", BuiltInPolicies.Names)}");
    }
}
