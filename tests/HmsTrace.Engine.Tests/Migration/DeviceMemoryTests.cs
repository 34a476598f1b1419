using HmsTrace.Engine.Results;
using HmsTrace.Engine.Tests.Support;
using HmsTrace.Policy;
using static HmsTrace.Engine.Tests.Support.Trace;

namespace HmsTrace.Engine.Tests.Migration;

/// <summary>
/// Device memory the CPU cannot reach (non-coherent): a CPU access brings the data back to system
/// memory, and that migration never fails.
/// </summary>
public sealed class DeviceMemoryTests
{
    // gpu0 reaches dram0 through pcie0; cpu0 may not cross pcie0, so it cannot reach dev0.
    private const string Template = """
        {
          "migration": { "requestOverheadNs": 1000, "pageOverheadNs": 100 },
          "targets": [
            { "id": "v1-0-target", "name": "dram0", "kind": "dram", "capacity": DRAM_CAPACITY },
            { "id": "v1-1-target", "name": "dev0", "kind": "noncoherent", "capacity": "1MiB" }
          ],
          "initiators": [
            { "id": "v1-0-initiator", "name": "cpu0", "kind": "cpu" },
            { "id": "v1-1-initiator", "name": "gpu0", "kind": "gpu" }
          ],
          "bridges": [ { "id": "v1-0-bridge", "name": "pcie0", "latencyNs": 400, "bandwidth": "2048000000", "initiators": ["gpu0"] } ],
          "links": [
            { "id": "v1-0-link", "from": "cpu0", "to": "dram0", "latencyNs": 100, "bandwidth": 4096000000 },
            { "id": "v1-1-link", "from": "gpu0", "to": "dev0", "latencyNs": 200, "bandwidth": 8192000000 },
            { "id": "v1-2-link", "from": "gpu0", "to": "pcie0", "latencyNs": 50, "bandwidth": 8192000000 },
            { "id": "v1-3-link", "from": "pcie0", "to": "cpu0", "latencyNs": 50, "bandwidth": 8192000000 }
          ]
        }
        """;

    private static readonly string Json = Template.Replace("DRAM_CAPACITY", "\"1MiB\"", StringComparison.Ordinal);

    // dev0 -200- gpu0 -50- pcie0 (400) -50- cpu0 -100- dram0, limited by the bridge's 2.048 GB/s (a page in 2000 ns).
    private const long MigrationLatencyNs = 200 + 50 + 400 + 50 + 100;
    private const long PageMigrationNs = 1000 + 100 + MigrationLatencyNs + 2000;
    private const long CpuPageNs = 100 + 1000;  // 4096 B at 4.096 GB/s
    private const long GpuPageNs = 200 + 500;   // 4096 B at 8.192 GB/s

    [Test]
    public void A_cpu_access_to_unreachable_device_memory_brings_the_data_back()
    {
        var replay = new Replay(Machines.Parse(Json), initiators: ["cpu0", "gpu0"]);

        var totals = replay.Run(
            ReadPage(0, 0, initiator: 1),  // gpu0 first touch: dev0
            ReadPage(1, 0, initiator: 0)); // cpu0 cannot reach dev0: forced back to dram0

        Assert.That(replay.Output.Migrations, Is.EqualTo(new[]
        {
            new MigrationRow(1, 0, 1, 1, 0, PageSize, 1, "dev0", "dram0", MigrationReason.Fault, MigrationOutcome.Moved, 1, 0, PageMigrationNs, false),
        }));
        Assert.That(totals.ModeledNs, Is.EqualTo(GpuPageNs + CpuPageNs + PageMigrationNs));
        Assert.That(replay.Output.LastRanges().Single().Target, Is.EqualTo("dram0"));
    }

    [Test]
    public void The_migration_back_ignores_a_full_system_memory()
    {
        var machine = Machines.Parse(Template.Replace("DRAM_CAPACITY", "4096", StringComparison.Ordinal));
        var replay = new Replay(machine, initiators: ["cpu0", "gpu0"]);

        var totals = replay.Run(
            ReadPage(0, 1, initiator: 0),  // dram0 is now full
            ReadPage(1, 0, initiator: 1),  // dev0
            ReadPage(2, 0, initiator: 0)); // back to dram0 anyway

        Assert.That(replay.Output.Migrations.Single().Outcome, Is.EqualTo(MigrationOutcome.Moved));
        Assert.That(totals.OvercommittedPages, Is.EqualTo(1));
        Assert.That(replay.Output.Epochs.Where(r => r.Target == "dram0").Select(r => r.ResidentBytes).Distinct(), Is.EqualTo(new[] { 2 * 4096L }));
    }

    [Test]
    public void The_migration_back_moves_pinned_device_pages_too()
    {
        var replay = new Replay(Machines.Parse(Json), initiators: ["cpu0", "gpu0"]);

        var totals = replay.Run(
            ReadPage(0, 0, initiator: 1),  // dev0
            Pin(1, 0, PageSize),
            ReadPage(2, 0, initiator: 0)); // a CPU fault on device memory must not fail

        Assert.That(replay.Output.Migrations.Single().Outcome, Is.EqualTo(MigrationOutcome.Moved));
        Assert.That(totals.ModeledNs, Is.EqualTo(GpuPageNs + CpuPageNs + PageMigrationNs));
        var served = replay.Output.Epochs.Where(r => r.Initiator == "cpu0").Select(r => r.Target);
        var resident = replay.Output.LastRanges().Single();
        Assert.That(served, Is.EqualTo(new[] { resident.Target }), "the access is accounted where the data is");
        Assert.That(resident.Target, Is.EqualTo("dram0"));
    }

    // The machine above with a slow cxl0 the CPU also reaches (300 ns, a page in 1000 ns).
    private static readonly string WithCxl = Json
        .Replace("""{ "id": "v1-1-target", "name": "dev0", "kind": "noncoherent", "capacity": "1MiB" }""",
            """{ "id": "v1-1-target", "name": "dev0", "kind": "noncoherent", "capacity": "1MiB" }, { "id": "v1-2-target", "name": "cxl0", "kind": "cxl", "capacity": "1MiB" }""", StringComparison.Ordinal)
        .Replace("""{ "id": "v1-3-link", "from": "pcie0", "to": "cpu0", "latencyNs": 50, "bandwidth": 8192000000 }""",
            """{ "id": "v1-3-link", "from": "pcie0", "to": "cpu0", "latencyNs": 50, "bandwidth": 8192000000 }, { "id": "v1-4-link", "from": "cpu0", "to": "cxl0", "latencyNs": 300, "bandwidth": 4096000000 }""", StringComparison.Ordinal);

    private const long CxlPageNs = 300 + 1000;

    [Test]
    public void A_first_touch_a_policy_puts_where_the_initiator_cannot_reach_falls_back_to_the_default()
    {
        // Found by review (session 12): the CPU's access was then priced over a path of bandwidth 0,
        // and the replay ended in a DivideByZeroException.
        var replay = new Replay(Machines.Parse(Json), new ScriptedPolicy { FirstTouchTarget = 1 }, null, "cpu0", "gpu0");

        var totals = replay.Run(
            ReadPage(0, 0, initiator: 0),  // dev0 asked for; cpu0 cannot reach it: dram0
            ReadPage(1, 1, initiator: 1)); // gpu0 reaches dev0: admitted

        Assert.That(replay.Output.Migrations, Is.Empty);
        Assert.That(totals.ModeledNs, Is.EqualTo(CpuPageNs + GpuPageNs));
        Assert.That(replay.Output.LastRanges().Select(r => r.Target), Is.EqualTo(new[] { "dram0", "dev0" }));
    }

    [Test]
    public void Data_a_non_local_hook_moves_where_the_initiator_cannot_reach_comes_back_before_the_access()
    {
        var replay = new Replay(Machines.Parse(WithCxl), new MovesTo(firstTouch: 2, onMiss: 1), null, "cpu0", "gpu0");

        var totals = replay.Run(
            ReadPage(0, 0, initiator: 0),  // first touch on cxl0
            ReadPage(1, 0, initiator: 0)); // a miss: the hook moves it to dev0, out of cpu0's reach; forced back to dram0

        var rows = replay.Output.Migrations;
        Assert.That(rows.Select(r => (r.From, r.To, r.Reason, r.Outcome)), Is.EqualTo(new[]
        {
            ("cxl0", "dev0", MigrationReason.Fault, MigrationOutcome.Moved),
            ("dev0", "dram0", MigrationReason.Fault, MigrationOutcome.Moved),
        }));
        Assert.That(rows[1].CostNs, Is.EqualTo(PageMigrationNs));
        Assert.That(totals.ModeledNs, Is.EqualTo(CxlPageNs + CpuPageNs + rows[0].CostNs + PageMigrationNs), "both migrations are charged to the access");
        Assert.That(totals.Hits, Is.Zero);
        Assert.That(replay.Output.LastRanges().Single().Target, Is.EqualTo("dram0"));
    }

    [Test]
    public void Demotions_that_make_room_for_a_migration_back_are_charged_to_the_access()
    {
        // Found by review (session 12): the forced migration's cost was measured after the pressure
        // hook had already demoted a page to make room in dram0.
        var machine = Machines.Parse(WithCxl.Replace("\"name\": \"dram0\", \"kind\": \"dram\", \"capacity\": \"1MiB\"", "\"name\": \"dram0\", \"kind\": \"dram\", \"capacity\": 4096", StringComparison.Ordinal));
        var replay = new Replay(machine, new HmsTrace.Engine.Policies.LruPolicy(), null, "cpu0", "gpu0");

        var totals = replay.Run(
            ReadPage(0, 0, initiator: 0),  // dram0, now full
            ReadPage(1, 1, initiator: 1),  // dev0
            ReadPage(2, 1, initiator: 0)); // forced back to dram0: lru demotes page 0 to cxl0 first

        var rows = replay.Output.Migrations;
        Assert.That(rows.Select(r => (r.From, r.To, r.Reason)), Is.EqualTo(new[]
        {
            ("dram0", "cxl0", MigrationReason.Pressure),
            ("dev0", "dram0", MigrationReason.Fault),
        }));
        Assert.That(totals.ModeledNs, Is.EqualTo(CpuPageNs + GpuPageNs + CpuPageNs + rows.Sum(r => r.CostNs)));
        Assert.That(replay.Output.Epochs.Where(r => r.Initiator == "cpu0").Sum(r => r.ModeledNs), Is.EqualTo(CpuPageNs + CpuPageNs + rows.Sum(r => r.CostNs)));
    }

    /// <summary>Places first touches on one target and moves every miss to another.</summary>
    private sealed class MovesTo(int firstTouch, int onMiss) : PlacementPolicy
    {
        public override TargetId OnFirstTouch(FirstTouchContext context) => new(firstTouch);

        public override void OnNonLocalAccess(AccessContext context) => context.Migrate(new TargetId(onMiss));
    }
}
