using HmsTrace.Engine.Tests.Support;
using static HmsTrace.Engine.Tests.Support.Trace;

namespace HmsTrace.Engine.Tests.Access;

/// <summary>Modeled time is summed in 64 bits with checked arithmetic: a total that would wrap around is an input error.</summary>
public sealed class CostOverflowTests
{
    private const string Json = """
        {
          "targets": [ { "id": "v1-0-target", "name": "fast", "kind": "dram", "capacity": "1PiB" } ],
          "initiators": [ { "id": "v1-0-initiator", "name": "cpu0", "kind": "cpu" } ],
          "links": [ { "id": "v1-0-link", "from": "cpu0", "to": "fast", "latencyNs": 1000000000, "bandwidth": "100GB/s" } ]
        }
        """;

    [Test]
    public void An_access_whose_modeled_time_passes_2_to_the_63_ns_is_an_input_error_not_a_negative_time()
    {
        // Found by the second review (session 12): 2^34 pages at the largest latency allowed (1 s)
        // gave a modeled time of -1266874537865830727 ns.
        var replay = new Replay(Machines.Parse(Json));

        var e = Assert.Throws<InputException>(() => replay.Run(ReadPage(0, 0), Read(1, PageSize, 1UL << 46)))!;

        Assert.That(e.Message, Does.Contain("record 1: the modeled time overflows 64-bit nanoseconds"));
    }

    [Test]
    public void The_same_access_at_an_ordinary_latency_is_replayed()
    {
        var replay = new Replay(Machines.Parse(Json.Replace("1000000000", "100", StringComparison.Ordinal)));

        var totals = replay.Run(ReadPage(0, 0), Read(1, PageSize, 1UL << 46));

        Assert.That(totals.ModeledNs, Is.Positive);
        Assert.That(totals.Accesses, Is.EqualTo(1 + (1L << 34)));
    }
}
