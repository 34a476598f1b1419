namespace HmsTrace.Topology.Tests;

/// <summary>Objects of versions a consumer did not declare stay listed but are never used.</summary>
public sealed class TopologyVersionTests
{
    // cpu0 with dram0 (v1) and a non-coherent v2 memory it reaches through a v2 link.
    private const string MixedVersions = """
        {
          "name": "mixed",
          "targets": [
            { "id": "v1-0-target", "name": "dram0", "kind": "dram", "capacity": "1GiB" },
            { "id": "v2-1-target", "name": "nc0", "kind": "noncoherent", "capacity": "1GiB" }
          ],
          "initiators": [ { "id": "v1-0-initiator", "name": "cpu0", "kind": "cpu" } ],
          "links": [
            { "id": "v1-0-link", "from": "cpu0", "to": "dram0", "latencyNs": 90, "bandwidth": "100GB/s" },
            { "id": "v2-1-link", "from": "cpu0", "to": "nc0", "latencyNs": 50, "bandwidth": "400GB/s" }
          ]
        }
        """;

    [Test]
    public void An_undeclared_version_is_listed_but_unusable()
    {
        var machine = Topologies.Parse(MixedVersions);

        var binding = machine.Bind([1]);

        Assert.That(machine.Targets.Select(t => t.Name), Is.EqualTo(new[] { "dram0", "nc0" }));
        Assert.That(machine.Targets[1].Id, Is.EqualTo(new ObjectId(2, 1, "target")));
        Assert.That(binding.TargetUsable, Is.EqualTo(new[] { true, false }));
        Assert.That(binding.AccessPath(0, 1), Is.EqualTo(TopologyPath.Unreachable));
        Assert.That(binding.MigrationPath(0, 1).IsReachable, Is.False);
        Assert.That(binding.PreferenceOrder(0), Is.EqualTo(new[] { 0 }));
    }

    [Test]
    public void Declaring_the_version_makes_the_object_usable()
    {
        var binding = Topologies.Parse(MixedVersions).Bind([1, 2]);

        // nc0 (50 ns) is now better than dram0 (90 ns).
        Assert.That(binding.TargetUsable, Is.EqualTo(new[] { true, true }));
        Assert.That(binding.AccessPath(0, 1).ReadLatencyNs, Is.EqualTo(50));
        Assert.That(binding.PreferenceOrder(0), Is.EqualTo(new[] { 1, 0 }));
    }

    [Test]
    public void A_usable_target_reachable_only_through_an_undeclared_link_is_unreachable()
    {
        var json = MixedVersions.Replace("v2-1-target", "v1-1-target", StringComparison.Ordinal);

        // The engine binds version 1: nc0 is usable but only a v2 link reaches it.
        var e = Topologies.ParseError(json);

        Assert.That(e.JsonPath, Is.EqualTo("$.targets[1]"));
    }

    [Test]
    public void A_pair_with_no_path_is_explicitly_unreachable()
    {
        // gpu0 reaches dram0 through the bridge; cpu0 may not cross it, so cpu0 cannot reach gpu0-mem.
        var json = """
            {
              "targets": [
                { "id": "v1-0-target", "name": "dram0", "kind": "dram", "capacity": "1GiB" },
                { "id": "v1-1-target", "name": "gpu0-mem", "kind": "noncoherent", "capacity": "1GiB" }
              ],
              "initiators": [
                { "id": "v1-0-initiator", "name": "cpu0", "kind": "cpu" },
                { "id": "v1-1-initiator", "name": "gpu0", "kind": "gpu" }
              ],
              "bridges": [ { "id": "v1-0-bridge", "name": "pcie0", "latencyNs": 400, "bandwidth": "25GB/s", "initiators": ["gpu0"] } ],
              "links": [
                { "id": "v1-0-link", "from": "cpu0", "to": "dram0", "latencyNs": 90, "bandwidth": "100GB/s" },
                { "id": "v1-1-link", "from": "gpu0", "to": "gpu0-mem", "latencyNs": 300, "bandwidth": "900GB/s" },
                { "id": "v1-2-link", "from": "gpu0", "to": "pcie0", "latencyNs": 100, "bandwidth": "32GB/s" },
                { "id": "v1-3-link", "from": "pcie0", "to": "cpu0", "latencyNs": 100, "bandwidth": "32GB/s" }
              ]
            }
            """;

        var binding = Topologies.Parse(json).Bind([1]);

        var cpuToGpuMemory = binding.AccessPath(0, 1);
        Assert.That(cpuToGpuMemory.IsReachable, Is.False);
        Assert.That(cpuToGpuMemory.ReadLatencyNs, Is.Zero);
        Assert.That(cpuToGpuMemory.Hops, Is.Empty);
        Assert.That(binding.PreferenceOrder(0), Is.EqualTo(new[] { 0 }));

        // gpu0 -100-> pcie0 (+400) -100-> cpu0 -90-> dram0
        Assert.That(binding.AccessPath(1, 0).ReadLatencyNs, Is.EqualTo(100 + 400 + 100 + 90));

        // Data may still move between the memories: migrations are not bound by a bridge's initiator list.
        Assert.That(binding.MigrationPath(1, 0).ReadLatencyNs, Is.EqualTo(300 + 100 + 400 + 100 + 90));
    }
}
