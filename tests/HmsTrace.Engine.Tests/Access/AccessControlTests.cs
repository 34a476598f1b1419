using HmsTrace.Engine.Results;
using HmsTrace.Engine.Tests.Support;
using HmsTrace.Policy;
using static HmsTrace.Engine.Tests.Support.Trace;

namespace HmsTrace.Engine.Tests.Access;

/// <summary>Per-process quotas and allow-lists on targets.</summary>
public sealed class AccessControlTests
{
    [Test]
    public void A_quota_sends_a_process_elsewhere_but_not_other_processes()
    {
        var replay = new Replay(Tiny.Machine(fastPages: 4, fastExtra: """, "quotaPerProcess": 8192"""));

        var totals = replay.Run(
            ReadPage(0, 0, pid: 1),  // fast
            ReadPage(1, 1, pid: 1),  // fast: process 1 is at its 2-page quota
            ReadPage(2, 2, pid: 1),  // slow
            ReadPage(3, 0, pid: 2)); // fast: process 2 has its own quota

        Assert.That(totals.ModeledNs, Is.EqualTo((3 * Tiny.FastPageNs) + Tiny.SlowPageNs));
        var resident = replay.Output.Epochs.Select(r => (r.Target, r.ResidentBytes));
        Assert.That(resident, Is.EqualTo(new[] { ("fast", 3 * 4096L), ("slow", 4096L) }));
    }

    [Test]
    public void A_migration_over_the_quota_is_denied()
    {
        var policy = new ScriptedPolicy { EpochMigrations = { [0] = [(1, 2, 3, Tiny.Fast)] } };
        var replay = new Replay(Tiny.Machine(fastPages: 4, fastExtra: """, "quotaPerProcess": "8KiB" """), policy, new ReplayOptions { EpochRecords = 3 });

        var totals = replay.Run(ReadPage(0, 0), ReadPage(1, 1), ReadPage(2, 2));

        Assert.That(replay.Output.Migrations, Is.EqualTo(new[]
        {
            new MigrationRow(2, 0, 2, 1, Page(2), Page(3), 1, "slow", "fast", MigrationReason.Policy, MigrationOutcome.Denied, 0, 1, 0, false),
        }));
        Assert.That(totals.MigrationsFailed, Is.EqualTo(1));
        Assert.That(totals.BytesMigrated, Is.Zero);
        Assert.That(totals.MigrationNs, Is.Zero);
    }

    [Test]
    public void A_process_not_on_the_allow_list_never_gets_the_target()
    {
        var policy = new ScriptedPolicy { EpochMigrations = { [0] = [(2, 0, 1, Tiny.Fast)] } };
        var replay = new Replay(Tiny.Machine(fastExtra: """, "allowedProcesses": [1]"""), policy, new ReplayOptions { EpochRecords = 4 });

        var totals = replay.Run(
            ReadPage(0, 0, pid: 1),                       // fast
            ReadPage(1, 0, pid: 2),                       // slow: not allowed on fast
            Hbind(2, Page(5), PageSize, 1UL << Tiny.Fast, pid: 2),
            ReadPage(3, 5, pid: 2));                      // hinted to fast, still slow

        Assert.That(totals.ModeledNs, Is.EqualTo(Tiny.FastPageNs + (2 * Tiny.SlowPageNs)));
        Assert.That(replay.Output.Migrations.Single().Outcome, Is.EqualTo(MigrationOutcome.Denied));
        Assert.That(replay.Output.Migrations.Single().PagesFailed, Is.EqualTo(1));
        var ranges = replay.Output.LastRanges().Select(r => (r.ProcessId, r.StartAddress / PageSize, r.Target));
        Assert.That(ranges, Is.EqualTo(new[] { (1u, 0UL, "fast"), (2u, 0UL, "slow"), (2u, 5UL, "slow") }));
    }
}
