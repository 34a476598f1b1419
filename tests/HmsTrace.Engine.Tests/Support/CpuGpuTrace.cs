using HmsTrace.Topology;
using HmsTrace.Traces;
using static HmsTrace.Engine.Tests.Support.Trace;

namespace HmsTrace.Engine.Tests.Support;

/// <summary>
/// A page trace for the <c>cpu-gpu-pcie</c> preset: the given pages read by gpu0 (initiator 1), with
/// reads by cpu0 (initiator 0) of 500 other pages interleaved after about one GPU read in three.
/// GPU memory of C pages then sees exactly the GPU's page sequence, and the CPU's pages all fit in DRAM.
/// </summary>
internal static class CpuGpuTrace
{
    /// <summary>The <c>cpu-gpu-pcie</c> preset with <paramref name="gpuPages"/> pages of GPU memory.</summary>
    public static MachineTopology Machine(int gpuPages) => Machines.Preset("cpu-gpu-pcie").WithTargetCapacity("gpu0-mem", gpuPages * (long)PageSize);

    /// <summary>The records; <paramref name="cpuPages"/> gets the distinct pages the CPU read.</summary>
    public static TraceRecord[] Build(ulong[] gpuPages, int seed, out int cpuPages)
    {
        var records = new List<TraceRecord>();
        var cpu = new HashSet<ulong>();
        var random = new Random(seed);
        foreach (var page in gpuPages)
        {
            records.Add(Read(records.Count * 10L, (page * PageSize) + 8, 64, initiator: 1));
            if (random.Next(3) == 0)
            {
                var cpuPage = 200_000 + (ulong)random.Next(500);
                cpu.Add(cpuPage);
                records.Add(Read(records.Count * 10L, cpuPage * PageSize, 64, initiator: 0));
            }
        }

        cpuPages = cpu.Count;
        return [.. records];
    }
}
