using HmsTrace.Engine.Policies;
using HmsTrace.Engine.Tests.Support;
using HmsTrace.Topology;
using static HmsTrace.Engine.Tests.Support.Trace;

namespace HmsTrace.Engine.Tests.Policies;

/// <summary>Optimal's pre-pass is shared between replays of the same records on machines that touch the same pages.</summary>
public sealed class NextUseIndexCacheTests
{
    private static readonly Traces.TraceRecord[] Records = [ReadPage(0, 1), ReadPage(1, 2), ReadPage(2, 1)];

    private static NextUseIndex Build(MachineTopology machine) => NextUse.Index(machine, Records);

    [Test]
    public void Machines_that_differ_only_in_capacity_share_one_index()
    {
        var cache = new NextUseIndexCache();
        var small = Machines.TwoTier(4096);
        var large = small.WithTargetCapacity("fast", 1 << 20);

        var a = cache.Get("trace", small, () => Build(small));
        var b = cache.Get("trace", large, () => Build(large));

        Assert.That(b, Is.SameAs(a));
        Assert.That(cache.Builds, Is.EqualTo(1));
        Assert.That(a.NextUse(0), Is.EqualTo(2));
    }

    [Test]
    public void Other_records_another_page_size_other_initiators_or_unnamed_records_get_their_own()
    {
        var cache = new NextUseIndexCache();
        var machine = Machines.TwoTier(4096);
        var bigPages = Machines.Parse("""
            { "pageSize": 8192,
              "targets": [ { "id": "v1-0-target", "name": "fast", "kind": "dram", "capacity": "1MiB" } ],
              "initiators": [ { "id": "v1-0-initiator", "name": "cpu0", "kind": "cpu" } ],
              "links": [ { "id": "v1-0-link", "from": "cpu0", "to": "fast", "latencyNs": 80, "bandwidth": "200GB/s" } ] }
            """);
        var twoCpus = Machines.Parse("""
            { "targets": [ { "id": "v1-0-target", "name": "fast", "kind": "dram", "capacity": "1MiB" } ],
              "initiators": [ { "id": "v1-0-initiator", "name": "cpu0", "kind": "cpu" }, { "id": "v1-1-initiator", "name": "cpu1", "kind": "cpu" } ],
              "links": [
                { "id": "v1-0-link", "from": "cpu0", "to": "fast", "latencyNs": 80, "bandwidth": "200GB/s" },
                { "id": "v1-1-link", "from": "cpu1", "to": "fast", "latencyNs": 80, "bandwidth": "200GB/s" } ] }
            """);

        var first = cache.Get("trace", machine, () => Build(machine));
        NextUseIndex[] others =
        [
            cache.Get("other trace", machine, () => Build(machine)),
            cache.Get("trace", bigPages, () => Build(bigPages)),
            cache.Get("trace", twoCpus, () => Build(twoCpus)),
            cache.Get(null, machine, () => Build(machine)),
            cache.Get(null, machine, () => Build(machine)),
        ];

        Assert.That(others, Has.None.SameAs(first));
        Assert.That(others[3], Is.Not.SameAs(others[4]));
        Assert.That(cache.Builds, Is.EqualTo(6));
    }

    [Test]
    public void Replays_asking_at_once_share_one_build()
    {
        var cache = new NextUseIndexCache();
        var machine = Machines.TwoTier(4096);
        using var release = new ManualResetEventSlim();
        var callers = Enumerable.Range(0, 4).Select(_ => Task.Run(() => cache.Get("trace", machine, () =>
        {
            release.Wait();
            return Build(machine);
        }))).ToArray();
        Thread.Sleep(100);
        release.Set();

        // Whether a caller came while the build ran or after it, it gets the one index.
        var indexes = Task.WhenAll(callers).GetAwaiter().GetResult();
        Assert.That(indexes, Has.All.SameAs(indexes[0]));
        Assert.That(cache.Builds, Is.EqualTo(1));
    }

    [Test]
    public void A_failed_build_fails_its_callers_and_a_later_replay_builds_again()
    {
        var cache = new NextUseIndexCache();
        var machine = Machines.TwoTier(4096);

        Assert.That(() => cache.Get("trace", machine, () => throw InputException.In("trace", "cut short")), Throws.TypeOf<InputException>().With.Message.Contains("cut short"));
        var again = cache.Get("trace", machine, () => Build(machine));

        Assert.That(again.NextUse(0), Is.EqualTo(2));
        Assert.That(cache.Builds, Is.EqualTo(2));
    }
}
