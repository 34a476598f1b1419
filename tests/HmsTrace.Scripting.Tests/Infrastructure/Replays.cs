using HmsTrace.Engine;
using HmsTrace.Engine.Policies;
using HmsTrace.Policy;
using HmsTrace.Replay.Pipeline;
using HmsTrace.Replay.Results;
using HmsTrace.Topology;

namespace HmsTrace.Scripting.Tests.Infrastructure;

/// <summary>Small traces and topologies, and a way to replay a policy through the real pipeline.</summary>
internal static class Replays
{
    public static string RepoRoot { get; } = FindRoot();

    public static string PoliciesFolder => Path.Combine(RepoRoot, "policies");

    public static MachineTopology CpuGpu() => TopologyLoader.Load(Path.Combine(RepoRoot, "topologies", "cpu-gpu-pcie.json"));

    public static MachineTopology TwoTier(string fastCapacity) => TopologyLoader.Load(Path.Combine(RepoRoot, "topologies", "two-tier.json"))
        .WithTargetCapacity("fast", Units.ByteSize.Parse(fastCapacity, "fast"));

    /// <summary>
    /// A CSV trace: one process maps 64 pages, the CPU touches them, the GPU then reads them (device
    /// faults), a hint asks for GPU memory, and time runs over several 1 ms epochs.
    /// </summary>
    public static string SmallCpuGpuTrace(TempDirectory dir)
    {
        var lines = new List<string> { "t_ns,pid,initiator,op,address,size,arg", "0,1,cpu0,mmap,0x100000,0x40000,0" };
        var t = 1L;
        for (var round = 0; round < 6; round++)
        {
            var who = round % 2 == 0 ? "cpu0" : "gpu0";
            for (var page = 0; page < 64; page++)
            {
                lines.Add(FormattableString.Invariant($"{t},1,{who},read,0x{0x100000 + (page * 4096):x},64,0"));
                t += 20_000;
            }
        }

        lines.Add(FormattableString.Invariant($"{t},1,cpu0,hbind,0x100000,0x10000,2"));
        lines.Add(FormattableString.Invariant($"{t + 1},1,cpu0,munmap,0x100000,0x40000,0"));
        return dir.Write("small.csv", string.Join('\n', lines) + "\n");
    }

    public static PolicySource Source(PolicyScript script, FuelBudget? budget = null) =>
        new(script.Name, script.Sha256, () => script.Create(budget));

    public static PolicySource BuiltIn(string name) => new(name, RunIdentity.TextSha256(name), () => BuiltInPolicies.Create(name)!);

    public static async Task<ReplayResult> RunAsync(TempDirectory dir, string trace, MachineTopology topology, PolicySource policy, ReplayOptions? options = null)
    {
        var job = new ReplayJob
        {
            TracePath = trace,
            Topology = topology,
            TopologySha256 = RunIdentity.TextSha256(topology.Name),
            Policy = policy,
            Options = options ?? new ReplayOptions { EpochNs = 1_000_000 },
        };
        return await ReplayPipeline.RunAsync(job, new ParquetResultSink(dir.File("out-" + Guid.NewGuid().ToString("N"))));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HmsTrace.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}
