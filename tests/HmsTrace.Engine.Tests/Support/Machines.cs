using System.Text;
using HmsTrace.Topology;

namespace HmsTrace.Engine.Tests.Support;

/// <summary>Topologies for engine tests: the bundled presets and a tiny two-target machine with round numbers.</summary>
internal static class Machines
{
    public const long GB = 1_000_000_000;

    public static MachineTopology Preset(string name)
        => TopologyLoader.Load(Path.Combine(TestContext.CurrentContext.TestDirectory, "topologies", name + ".json"));

    public static MachineTopology Parse(string json) => TopologyLoader.Parse(Encoding.UTF8.GetBytes(json), "test.json");

    /// <summary>
    /// cpu0 with a <c>fast</c> DRAM target of <paramref name="fastBytes"/> (80 ns, 200 GB/s) and a
    /// <c>slow</c> CXL one of <paramref name="slowCapacity"/> (250 ns, 30 GB/s).
    /// </summary>
    public static MachineTopology TwoTier(long fastBytes, string slowCapacity = "1GiB") => Parse($$"""
        {
          "targets": [
            { "id": "v1-0-target", "name": "fast", "kind": "dram", "capacity": {{fastBytes}} },
            { "id": "v1-1-target", "name": "slow", "kind": "cxl", "capacity": "{{slowCapacity}}" }
          ],
          "initiators": [ { "id": "v1-0-initiator", "name": "cpu0", "kind": "cpu" } ],
          "links": [
            { "id": "v1-0-link", "from": "cpu0", "to": "fast", "latencyNs": 80, "bandwidth": "200GB/s" },
            { "id": "v1-1-link", "from": "cpu0", "to": "slow", "latencyNs": 250, "bandwidth": "30GB/s" }
          ]
        }
        """);
}

/// <summary>
/// A machine whose numbers are easy to work with by hand: cpu0 with a small <c>fast</c> target
/// (index 0) and a large <c>slow</c> one (index 1), 4 KiB pages.
/// </summary>
internal static class Tiny
{
    public const int Fast = 0;
    public const int Slow = 1;
    public const long PageSize = 4096;
    public const long FastLatencyNs = 100;
    public const long FastBandwidth = 4_096_000_000; // a page in 1000 ns
    public const long SlowLatencyNs = 300;
    public const long SlowBandwidth = 1_024_000_000; // a page in 4000 ns
    public const long RequestOverheadNs = 1000;
    public const long PageOverheadNs = 100;

    /// <summary>Migration path fast ↔ slow: fast –100– cpu0 –300– slow.</summary>
    public const long MigrationLatencyNs = FastLatencyNs + SlowLatencyNs;

    /// <summary>The slower link limits migrations.</summary>
    public const long MigrationBandwidth = SlowBandwidth;

    /// <summary>Cost of a page touch on fast: latency plus a page over the fast link.</summary>
    public const long FastPageNs = FastLatencyNs + 1000;

    /// <summary>Cost of a page touch on slow.</summary>
    public const long SlowPageNs = SlowLatencyNs + 4000;

    /// <summary>
    /// The tiny machine with <paramref name="fastPages"/> pages of fast memory; <paramref name="fastExtra"/>
    /// is spliced into the fast target's JSON (for quotas and allow-lists).
    /// </summary>
    public static MachineTopology Machine(long fastPages = 4, long slowPages = 1024, string fastExtra = "")
        => Machines.Parse($$"""
            {
              "name": "tiny",
              "pageSize": {{PageSize}},
              "migration": { "requestOverheadNs": {{RequestOverheadNs}}, "pageOverheadNs": {{PageOverheadNs}} },
              "targets": [
                { "id": "v1-0-target", "name": "fast", "kind": "dram", "capacity": {{fastPages * PageSize}} {{fastExtra}} },
                { "id": "v1-1-target", "name": "slow", "kind": "cxl", "capacity": {{slowPages * PageSize}} }
              ],
              "initiators": [ { "id": "v1-0-initiator", "name": "cpu0", "kind": "cpu" } ],
              "links": [
                { "id": "v1-0-link", "from": "cpu0", "to": "fast", "latencyNs": {{FastLatencyNs}}, "bandwidth": {{FastBandwidth}} },
                { "id": "v1-1-link", "from": "cpu0", "to": "slow", "latencyNs": {{SlowLatencyNs}}, "bandwidth": {{SlowBandwidth}} }
              ]
            }
            """);
}
