using System.Globalization;
using HmsTrace.Engine.Policies;
using HmsTrace.Replay.Pipeline;
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

    /// <summary>Loads a topology (file or bundled preset name) and applies <c>--capacity name=size</c> overrides.</summary>
    public static (MachineTopology Topology, string Sha256) Topology(string nameOrPath, IReadOnlyDictionary<string, string> capacities)
    {
        var path = BundledFiles.Topology(nameOrPath);
        var topology = TopologyLoader.Load(path);
        var identity = RunIdentity.FileSha256(path);
        var keys = new List<string>(capacities.Keys);
        keys.Sort(StringComparer.Ordinal);
        foreach (var name in keys)
        {
            var bytes = ByteSize.Parse(capacities[name], $"--capacity {name}");
            if (bytes <= 0)
            {
                throw InputException.In($"--capacity {name}", "capacity must be positive");
            }

            try
            {
                topology = topology.WithTargetCapacity(name, bytes);
            }
            catch (KeyNotFoundException)
            {
                throw InputException.In($"--capacity {name}", $"topology {topology.Name} has no target named '{name}'", "Run `hmstrace topo show` to list its targets");
            }

            identity = RunIdentity.TextSha256($"{identity}\n{name}={bytes}");
        }

        return (topology, identity);
    }

    /// <summary>Resolves <c>--policy</c>: a built-in policy's name. <paramref name="openTrace"/> serves oracles that read the trace ahead.</summary>
    public static PolicySource Policy(string name, Func<ITraceReader>? openTrace = null, long pageSizeBytes = 4096)
    {
        if (BuiltInPolicies.NeedsNextUse(name))
        {
            if (openTrace is null)
            {
                throw InputException.In("--policy", $"policy '{name}' needs the trace to look ahead", "Use it with replay");
            }

            return new PolicySource(name, RunIdentity.TextSha256($"builtin:{name}:{RunIdentity.EngineVersion}"), () =>
            {
                using var reader = openTrace();
                return new OptimalPolicy(NextUseIndex.Build(reader, pageSizeBytes));
            });
        }

        if (BuiltInPolicies.Create(name) is not null)
        {
            return new PolicySource(name, RunIdentity.TextSha256($"builtin:{name}:{RunIdentity.EngineVersion}"), () => BuiltInPolicies.Create(name)!);
        }

        if (name.EndsWith(".csx", StringComparison.OrdinalIgnoreCase))
        {
            throw InputException.In(name, "policy scripts cannot be loaded by this version yet (the checked, metered script loader is not built)", $"Use a built-in policy: {string.Join(", ", BuiltInPolicies.Names)}");
        }

        throw InputException.In("--policy", $"unknown policy '{name}'", $"Use one of: {string.Join(", ", BuiltInPolicies.Names)}");
    }
}
