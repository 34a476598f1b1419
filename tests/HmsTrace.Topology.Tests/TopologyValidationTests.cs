using System.Text;

namespace HmsTrace.Topology.Tests;

/// <summary>Structurally wrong topologies are rejected with the JSON path of the offending element.</summary>
public sealed class TopologyValidationTests
{
    private const string Dram = """{ "id": "v1-0-target", "name": "dram0", "kind": "dram", "capacity": "1GiB" }""";
    private const string Cpu = """{ "id": "v1-0-initiator", "name": "cpu0", "kind": "cpu" }""";
    private const string CpuDram = """{ "id": "v1-0-link", "from": "cpu0", "to": "dram0", "latencyNs": 90, "bandwidth": "100GB/s" }""";

    [Test]
    public void A_minimal_topology_is_valid()
    {
        var machine = Topologies.Parse(Topologies.Document(Dram, Cpu, CpuDram));

        Assert.That(machine.Targets.Single().CapacityBytes, Is.EqualTo(1L << 30));
    }

    [Test]
    public void A_link_to_an_unknown_vertex_is_a_dangling_reference()
    {
        var link = """{ "id": "v1-0-link", "from": "cpu0", "to": "dram9", "latencyNs": 90, "bandwidth": "100GB/s" }""";

        var e = Topologies.ParseError(Topologies.Document(Dram, Cpu, link));

        Assert.That(e.JsonPath, Is.EqualTo("$.links[0].to"));
        Assert.That(e.Problem, Does.Contain("dram9"));
    }

    [Test]
    public void A_bridge_naming_an_unknown_initiator_is_a_dangling_reference()
    {
        var bridge = """{ "id": "v1-0-bridge", "name": "pcie0", "latencyNs": 400, "bandwidth": "25GB/s", "initiators": ["gpu7"] }""";

        var e = Topologies.ParseError(Topologies.Document(Dram, Cpu, CpuDram, bridge));

        Assert.That(e.JsonPath, Is.EqualTo("$.bridges[0].initiators[0]"));
    }

    [Test]
    public void A_duplicate_id_is_rejected_at_its_second_use()
    {
        var targets = Dram + """, { "id": "v1-0-target", "name": "dram1", "kind": "dram", "capacity": "1GiB" }""";

        var e = Topologies.ParseError(Topologies.Document(targets, Cpu, CpuDram));

        Assert.That(e.JsonPath, Is.EqualTo("$.targets[1].id"));
        Assert.That(e.Problem, Does.Contain("$.targets[0]"));
    }

    [Test]
    public void A_duplicate_name_is_rejected_across_object_types()
    {
        var initiator = """{ "id": "v1-0-initiator", "name": "dram0", "kind": "cpu" }""";

        var e = Topologies.ParseError(Topologies.Document(Dram, initiator, CpuDram));

        Assert.That(e.JsonPath, Is.EqualTo("$.initiators[0].name"));
    }

    [TestCase("0")]
    [TestCase("\"0GiB\"")]
    [TestCase("-4096")]
    [TestCase("\"-1GiB\"")]
    public void A_capacity_that_is_not_positive_is_rejected(string capacity)
    {
        var target = $$"""{ "id": "v1-0-target", "name": "dram0", "kind": "dram", "capacity": {{capacity}} }""";

        var e = Topologies.ParseError(Topologies.Document(target, Cpu, CpuDram));

        Assert.That(e.JsonPath, Is.EqualTo("$.targets[0].capacity"));
    }

    [Test]
    public void A_quota_that_is_not_positive_is_rejected()
    {
        var target = """{ "id": "v1-0-target", "name": "dram0", "kind": "dram", "capacity": "1GiB", "quotaPerProcess": 0 }""";

        var e = Topologies.ParseError(Topologies.Document(target, Cpu, CpuDram));

        Assert.That(e.JsonPath, Is.EqualTo("$.targets[0].quotaPerProcess"));
    }

    [TestCase("0", "$.links[0].bandwidth")]
    [TestCase("-1", "$.links[0].bandwidth")]
    [TestCase("\"0GB/s\"", "$.links[0].bandwidth")]
    [TestCase("{ \"read\": \"10GB/s\", \"write\": 0 }", "$.links[0].bandwidth.write")]
    [TestCase("{ \"read\": -5, \"write\": \"10GB/s\" }", "$.links[0].bandwidth.read")]
    public void A_link_bandwidth_that_is_not_positive_is_rejected(string bandwidth, string expectedPath)
    {
        var link = $$"""{ "id": "v1-0-link", "from": "cpu0", "to": "dram0", "latencyNs": 90, "bandwidth": {{bandwidth}} }""";

        var e = Topologies.ParseError(Topologies.Document(Dram, Cpu, link));

        Assert.That(e.JsonPath, Is.EqualTo(expectedPath));
    }

    [Test]
    public void A_bridge_bandwidth_of_zero_is_rejected()
    {
        var bridge = """{ "id": "v1-0-bridge", "name": "pcie0", "latencyNs": 400, "bandwidth": 0 }""";

        var e = Topologies.ParseError(Topologies.Document(Dram, Cpu, CpuDram, bridge));

        Assert.That(e.JsonPath, Is.EqualTo("$.bridges[0].bandwidth"));
    }

    [Test]
    public void A_negative_latency_is_rejected()
    {
        var link = """{ "id": "v1-0-link", "from": "cpu0", "to": "dram0", "latencyNs": { "read": 90, "write": -1 }, "bandwidth": "100GB/s" }""";

        var e = Topologies.ParseError(Topologies.Document(Dram, Cpu, link));

        Assert.That(e.JsonPath, Is.EqualTo("$.links[0].latencyNs.write"));
    }

    [Test]
    public void A_target_no_initiator_can_reach_is_rejected()
    {
        var targets = Dram + """, { "id": "v1-1-target", "name": "orphan", "kind": "cxl", "capacity": "1GiB" }""";

        var e = Topologies.ParseError(Topologies.Document(targets, Cpu, CpuDram));

        Assert.That(e.JsonPath, Is.EqualTo("$.targets[1]"));
        Assert.That(e.Problem, Does.Contain("orphan"));
    }

    [Test]
    public void Bytes_that_are_not_utf8_are_rejected_at_their_offset()
    {
        // Found by review (session 12): the JSON reader throws only when it reads the string, an
        // exception without a position that ended the command with a stack trace.
        var json = Encoding.UTF8.GetBytes(Topologies.Document(Dram, Cpu, CpuDram).Replace("\"test\"", "\"te?t\"", StringComparison.Ordinal));
        var at = Array.IndexOf(json, (byte)'?');
        json[at] = 0xFF;

        var e = Assert.Throws<InputException>(() => TopologyLoader.Parse(json, "test.json"))!;

        Assert.That(e.Message, Does.Contain($"byte offset {at}").And.Contain("not valid UTF-8"));
    }

    [Test]
    public void A_syntax_error_names_one_line_and_its_column()
    {
        // The reader's message carried its own 0-based "LineNumber: 1", beside our 1-based line 2.
        var e = Assert.Throws<InputException>(() => Topologies.Parse("{\n  \"name\": ,\n}"))!;

        Assert.That(e.Line, Is.EqualTo(2));
        Assert.That(e.Message, Does.Contain("test.json:2: column 11: is not valid JSON").And.Not.Contain("LineNumber"));
    }

    [Test]
    public void A_lone_surrogate_escape_is_rejected_with_a_message()
    {
        var json = Topologies.Document(Dram, Cpu, CpuDram).Replace("\"test\"", "\"te\\ud800st\"", StringComparison.Ordinal);

        var e = Assert.Throws<InputException>(() => Topologies.Parse(json))!;

        Assert.That(e.Message, Does.Contain("test.json").And.Contain("not valid Unicode"));
    }

    [Test]
    public void A_byte_order_mark_is_accepted()
    {
        var json = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Topologies.Document(Dram, Cpu, CpuDram))).ToArray();

        Assert.That(TopologyLoader.Parse(json, "test.json").Name, Is.EqualTo("test"));
    }

    [TestCase("latencyNs", "$.links[0].latencyNs")]
    [TestCase("requestOverheadNs", "$.migration.requestOverheadNs")]
    [TestCase("pageOverheadNs", "$.migration.pageOverheadNs")]
    public void A_latency_or_overhead_beyond_a_second_is_rejected(string property, string expectedPath)
    {
        // Found by review (session 12): 2^63 - 1 ns wrapped the modeled time around, silently.
        var links = property == "latencyNs" ? CpuDram.Replace("\"latencyNs\": 90", "\"latencyNs\": 9223372036854775807", StringComparison.Ordinal) : CpuDram;
        var json = Topologies.Document(Dram, Cpu, links);
        if (property != "latencyNs")
        {
            json = json.Replace("\"name\": \"test\",", $"\"name\": \"test\", \"migration\": {{ \"{property}\": 1000000001 }},", StringComparison.Ordinal);
        }

        var e = Topologies.ParseError(json);

        Assert.That(e.JsonPath, Is.EqualTo(expectedPath));
        Assert.That(e.Problem, Does.Contain("(1 s)"));
    }

    [Test]
    public void An_initiator_that_can_reach_no_target_is_rejected()
    {
        // Its accesses could be served nowhere: a replay of them used to end in a division by a zero bandwidth.
        var initiators = Cpu + """, { "id": "v1-1-initiator", "name": "idle", "kind": "cpu" }""";

        var e = Topologies.ParseError(Topologies.Document(Dram, initiators, CpuDram));

        Assert.That(e.JsonPath, Is.EqualTo("$.initiators[1]"));
        Assert.That(e.Problem, Does.Contain("'idle' cannot reach any target"));
    }

    [Test]
    public void A_target_reachable_only_through_a_bridge_of_other_initiators_is_rejected()
    {
        var targets = Dram + """, { "id": "v1-1-target", "name": "gpu0-mem", "kind": "gpu", "capacity": "1GiB" }""";
        var bridge = """{ "id": "v1-0-bridge", "name": "nvlink", "latencyNs": 100, "bandwidth": "300GB/s", "initiators": ["nobody"] }""";
        var initiators = Cpu + """, { "id": "v1-1-initiator", "name": "nobody", "kind": "gpu" }""";
        var links = CpuDram + """
            , { "id": "v1-1-link", "from": "cpu0", "to": "nvlink", "latencyNs": 50, "bandwidth": "300GB/s" }
            , { "id": "v1-2-link", "from": "nvlink", "to": "gpu0-mem", "latencyNs": 300, "bandwidth": "900GB/s" }
            """;

        // "nobody" is listed by the bridge but not linked to it; cpu0 is linked but may not cross.
        var e = Topologies.ParseError(Topologies.Document(targets, initiators, links, bridge));

        Assert.That(e.JsonPath, Is.EqualTo("$.targets[1]"));
    }

    [Test]
    public void Two_different_paths_of_equal_latency_are_ambiguous()
    {
        // cpu0 reaches dram0 directly (200 ns) and through bridge b0 (50 + 100 + 50 = 200 ns).
        var bridge = """{ "id": "v1-0-bridge", "name": "b0", "latencyNs": 100, "bandwidth": "10GB/s" }""";
        var links = """
            { "id": "v1-0-link", "from": "cpu0", "to": "dram0", "latencyNs": 200, "bandwidth": "100GB/s" },
            { "id": "v1-1-link", "from": "cpu0", "to": "b0", "latencyNs": 50, "bandwidth": "100GB/s" },
            { "id": "v1-2-link", "from": "b0", "to": "dram0", "latencyNs": 50, "bandwidth": "100GB/s" }
            """;

        var e = Topologies.ParseError(Topologies.Document(Dram, Cpu, links, bridge));

        Assert.That(e.JsonPath, Is.EqualTo("$.links"));
        Assert.That(e.Problem, Does.Contain("200 ns"));
    }

    [Test]
    public void Paths_of_different_latency_are_not_ambiguous()
    {
        var bridge = """{ "id": "v1-0-bridge", "name": "b0", "latencyNs": 101, "bandwidth": "10GB/s" }""";
        var links = """
            { "id": "v1-0-link", "from": "cpu0", "to": "dram0", "latencyNs": 200, "bandwidth": "100GB/s" },
            { "id": "v1-1-link", "from": "cpu0", "to": "b0", "latencyNs": 50, "bandwidth": "100GB/s" },
            { "id": "v1-2-link", "from": "b0", "to": "dram0", "latencyNs": 50, "bandwidth": "100GB/s" }
            """;

        var binding = Topologies.Parse(Topologies.Document(Dram, Cpu, links, bridge)).Bind([1]);

        Assert.That(binding.AccessPath(0, 0).ReadLatencyNs, Is.EqualTo(200));
    }

    [Test]
    public void A_second_link_between_the_same_vertices_is_rejected()
    {
        var links = CpuDram + """, { "id": "v1-1-link", "from": "dram0", "to": "cpu0", "latencyNs": 95, "bandwidth": "100GB/s" }""";

        var e = Topologies.ParseError(Topologies.Document(Dram, Cpu, links));

        Assert.That(e.JsonPath, Is.EqualTo("$.links[1]"));
    }

    [Test]
    public void A_link_between_two_targets_is_rejected()
    {
        var targets = Dram + """, { "id": "v1-1-target", "name": "dram1", "kind": "dram", "capacity": "1GiB" }""";
        var links = CpuDram + """, { "id": "v1-1-link", "from": "dram0", "to": "dram1", "latencyNs": 95, "bandwidth": "100GB/s" }""";

        var e = Topologies.ParseError(Topologies.Document(targets, Cpu, links));

        Assert.That(e.JsonPath, Is.EqualTo("$.links[1]"));
    }

    [TestCase("v1-0-initiator")]
    [TestCase("1-0-target")]
    [TestCase("v0-0-target")]
    public void An_id_of_the_wrong_form_is_rejected(string id)
    {
        var target = $$"""{ "id": "{{id}}", "name": "dram0", "kind": "dram", "capacity": "1GiB" }""";

        var e = Topologies.ParseError(Topologies.Document(target, Cpu, CpuDram));

        Assert.That(e.JsonPath, Is.EqualTo("$.targets[0].id"));
    }

    [Test]
    public void A_page_size_that_is_not_a_power_of_two_is_rejected()
    {
        var json = Topologies.Document(Dram, Cpu, CpuDram).Replace("\"name\": \"test\",", "\"name\": \"test\", \"pageSize\": 3000,", StringComparison.Ordinal);

        var e = Topologies.ParseError(json);

        Assert.That(e.JsonPath, Is.EqualTo("$.pageSize"));
    }

    [Test]
    public void Invalid_json_names_the_line()
    {
        var e = Assert.Throws<InputException>(() => Topologies.Parse("{\n  \"name\": \"x\",\n  oops\n}"))!;

        Assert.That(e.Line, Is.EqualTo(3));
    }
}
