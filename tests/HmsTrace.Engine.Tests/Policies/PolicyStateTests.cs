using HmsTrace.Engine.Policies;
using HmsTrace.Engine.Tests.Support;
using HmsTrace.Traces;
using static HmsTrace.Engine.Tests.Support.Trace;

namespace HmsTrace.Engine.Tests.Policies;

/// <summary>
/// After every record of random traces (two initiators, two processes, mmap, munmap, overlapping
/// mremap, pins), what <c>lru</c> and <c>optimal</c> believe is cached is exactly what the engine
/// holds on the initiators' best targets: every page there is in the policy's state under the target
/// holding it, and nothing else is. A page the policy lost track of could never be evicted; one it
/// kept after an unmap or a move would be evicted in another page's place.
/// </summary>
public sealed class PolicyStateTests
{
    [Test]
    public void Lru_lists_hold_exactly_the_pages_on_best_targets([Values("cpu-gpu", "chaos", "forced")] string machine, [Range(1, 40)] int seed)
    {
        var records = RandomTrace(seed);
        var policy = new LruPolicy();

        ReplayChecking(machine, records, policy, policy.CachedPages, seed);
    }

    [Test]
    public void Optimal_caches_exactly_the_pages_on_best_targets([Values("cpu-gpu", "chaos", "forced")] string machine, [Range(1, 40)] int seed)
    {
        var records = RandomTrace(seed);
        var policy = new OptimalPolicy(NextUse.Index(Machine(machine).Topology, records, "cpu0", "gpu0"));

        ReplayChecking(machine, records, policy, policy.CachedPages, seed);
    }

    private static void ReplayChecking(string machine, TraceRecord[] records, HmsTrace.Policy.PlacementPolicy policy, Func<IEnumerable<(uint Pid, ulong Page, int Target)>> cached, int seed)
    {
        var (topology, bestTargets) = Machine(machine);
        var replay = new Replay(topology, policy, null, "cpu0", "gpu0");
        for (var i = 0; i < records.Length; i++)
        {
            replay.Process(records[i]);
            replay.Engine.CheckInvariants();

            var resident = replay.Engine.ResidentPages().Where(p => bestTargets.Contains(p.Target)).ToHashSet();
            var believed = cached().ToList();
            var where = $"{machine}, seed {seed}, record {i} ({records[i]})";
            Assert.That(believed.Select(b => (b.Pid, b.Page)), Is.Unique, $"{where}: a page is cached twice");
            Assert.That(resident.Except(believed), Is.Empty, $"{where}: resident on a best target, not in the policy's state");
            Assert.That(believed.Except(resident), Is.Empty, $"{where}: in the policy's state, not resident there");
        }

        Assert.That(replay.Finish().Accesses, Is.GreaterThan(records.Length / 4), "the trace mostly touches mapped memory");
    }

    /// <summary>
    /// <c>cpu-gpu</c>: the <c>cpu-gpu-pcie</c> preset with 6 pages of DRAM (cpu0's best target,
    /// index 0) and 4 of GPU memory (gpu0's, index 1), so both fill up and every target is someone's
    /// best. <c>chaos</c>: four small targets, two of them nobody's best, with a quota and an
    /// allow-list (<see cref="Ranges.RangeMapInvariantTests.Machine"/>; best targets 0 and 3).
    /// <c>forced</c>: the same, but cpu0 may not cross the bridge to GPU memory, so its accesses
    /// there force the data out, by default placement, possibly onto a target nobody's best.
    /// </summary>
    private static (Topology.MachineTopology Topology, int[] BestTargets) Machine(string name) => name switch
    {
        "chaos" => (Machines.Parse(Ranges.RangeMapInvariantTests.Machine), [0, 3]),
        "forced" => (Machines.Parse(Ranges.RangeMapInvariantTests.Machine.Replace("\"bandwidth\": \"25GB/s\" }", "\"bandwidth\": \"25GB/s\", \"initiators\": [\"gpu0\"] }", StringComparison.Ordinal)), [0, 3]),
        _ => (Machines.Preset("cpu-gpu-pcie").WithTargetCapacity("dram0", 6 * (long)PageSize).WithTargetCapacity("gpu0-mem", 4 * (long)PageSize), [0, 1]),
    };

    /// <summary>
    /// 400 records over 24 pages of two processes (1 explicit, 2 implicit): reads of a page and
    /// writes of one to three by either initiator, regions seen busy or idle, hints, and now and
    /// then an mmap, a munmap, an mremap (source and destination may overlap), a pin or an unpin.
    /// </summary>
    private static TraceRecord[] RandomTrace(int seed)
    {
        const int footprint = 24;
        var random = new Random(seed);
        var records = new List<TraceRecord> { Mmap(0, Page(0), 16 * PageSize) };
        for (var t = 1L; t <= 400; t++)
        {
            var pid = random.Next(3) == 0 ? 2u : 1u;
            var page = (ulong)random.Next(footprint);
            var pages = (ulong)random.Next(1, 4);
            var initiator = (ushort)random.Next(2);
            records.Add(random.Next(100) switch
            {
                < 60 => Read(t, Page(page) + 64, 64, initiator, pid),
                < 67 => Write(t, Page(page) + 64, (pages * PageSize) - 128, initiator, pid),
                < 71 => Region(t, Page(page), pages * PageSize, (ulong)random.Next(2), pid),
                < 75 => Hbind(t, Page(page), pages * PageSize, 1UL << random.Next(4), pid),
                < 80 => Munmap(t, Page(page), pages * PageSize, pid),
                < 85 => Mmap(t, Page(page), pages * PageSize),
                < 90 => Mremap(t, Page(page), (pages + 2) * PageSize, Page((ulong)random.Next(footprint)), pid),
                < 95 => Pin(t, Page(page), PageSize, pid),
                _ => Unpin(t, Page(page), PageSize, pid),
            });
        }

        return [.. records];
    }
}
