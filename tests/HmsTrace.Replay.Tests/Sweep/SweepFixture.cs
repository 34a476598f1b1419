using HmsTrace.Engine.Policies;
using HmsTrace.Policy;
using HmsTrace.Replay.Pipeline;
using HmsTrace.Replay.Sweep;
using HmsTrace.Traces.Generators;

namespace HmsTrace.Replay.Tests.Sweep;

/// <summary>Small generated traces, a two-tier topology and built-in policies for sweep tests.</summary>
internal static class SweepFixture
{
    public const string TwoTier = """
        { "name": "two-tier", "targets": [
            { "id": "v1-0-target", "name": "fast", "kind": "dram", "capacity": "64MiB" },
            { "id": "v1-1-target", "name": "slow", "kind": "cxl", "capacity": "64GiB" } ],
          "initiators": [ { "id": "v1-0-initiator", "name": "cpu0", "kind": "cpu" } ],
          "links": [
            { "id": "v1-0-link", "from": "cpu0", "to": "fast", "latencyNs": 80, "bandwidth": "100GB/s" },
            { "id": "v1-1-link", "from": "cpu0", "to": "slow", "latencyNs": 250, "bandwidth": "30GB/s" } ] }
        """;

    public static string Zipf(string folder, string name, int seed, int accesses = 40_000)
    {
        var path = Path.Combine(folder, name + ".hmst");
        TraceGenerator.Generate(Workloads.Find("zipf")!.Parse([new("accesses", accesses.ToString()), new("footprint-pages", "3000"), new("seed", seed.ToString())]), path);
        return path;
    }

    public static string Topology(string folder)
    {
        var path = Path.Combine(folder, "two-tier.json");
        File.WriteAllText(path, TwoTier);
        return path;
    }

    public static SweepPolicy BuiltIn(string name) => new(PolicySource.BuiltIn(name)!);

    /// <summary>Two traces × three policies × two capacities = 12 runs.</summary>
    public static SweepSpec Spec(string folder) => new()
    {
        Traces = [Zipf(folder, "b", 2), Zipf(folder, "a", 1)],
        Topologies = [Topology(folder)],
        Policies = [BuiltIn("lru"), BuiltIn("first-touch"), BuiltIn("migrate-on-fault")],
        Capacities = [new SweepAxis("fast", ["10%", "50%"])],
        Options = new Engine.ReplayOptions { EpochRecords = 5_000 },
    };

    /// <summary>Every result file but the timings (which hold wall-clock measurements), by relative path.</summary>
    public static SortedDictionary<string, byte[]> Dataset(string root)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var f in Directory.GetFiles(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/');
            if (!relative.StartsWith("timings/", StringComparison.Ordinal))
            {
                files.Add(relative, File.ReadAllBytes(f));
            }
        }

        return files;
    }

    /// <summary>A policy that throws from its first-touch hook: a policy fault.</summary>
    public sealed class ThrowingPolicy : PlacementPolicy
    {
        public override TargetId OnFirstTouch(FirstTouchContext context) => throw new InvalidOperationException("this policy always fails");
    }
}
