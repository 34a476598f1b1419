using HmsTrace.Engine.Results;
using HmsTrace.Engine.Tests.Support;
using HmsTrace.Policy;
using static HmsTrace.Engine.Tests.Support.Trace;

namespace HmsTrace.Engine.Tests.Migration;

/// <summary>migrate_vma semantics: pinned pages fail and stay where they are; the rest moves.</summary>
public sealed class PinnedMigrationTests
{
    // One epoch per record, so the script can request a migration right after a given record.
    private static readonly ReplayOptions EveryRecord = new() { EpochRecords = 1 };

    [Test]
    public void Pinned_pages_stay_on_the_source_target_and_the_outcome_is_partial()
    {
        var policy = new ScriptedPolicy
        {
            FirstTouchTarget = Tiny.Slow,
            EpochMigrations = { [1] = [(1, 0, 4, Tiny.Fast)] },
        };
        var replay = new Replay(Tiny.Machine(fastPages: 4), policy, EveryRecord);

        var totals = replay.Run(
            Write(0, Page(0), 4 * PageSize), // pages 0..3 on slow
            Pin(10, Page(1), PageSize),      // page 1 pinned; tick 1 migrates 0..3 to fast
            ReadPage(20, 1),                 // still on slow: miss
            ReadPage(30, 2));                // moved to fast: hit

        // Two extents move, [0,1) and [2,4); each crosses the slow -> fast path once.
        const long requestNs = Tiny.RequestOverheadNs + (3 * Tiny.PageOverheadNs);
        const long firstExtentNs = Tiny.MigrationLatencyNs + 4000;      // 4096 B at 1.024 GB/s
        const long secondExtentNs = Tiny.MigrationLatencyNs + 8000;     // 8192 B
        const long migrationNs = requestNs + firstExtentNs + secondExtentNs;
        Assert.That(TransferNs(4096, Tiny.MigrationBandwidth), Is.EqualTo(4000));
        Assert.That(replay.Output.Migrations, Is.EqualTo(new[]
        {
            new MigrationRow(10, 1, 1, 1, 0, 4 * PageSize, 4, "slow", "fast", MigrationReason.Policy, MigrationOutcome.Partial, 3, 1, migrationNs, false),
        }));
        Assert.That(policy.EpochMigrationResults, Is.EqualTo(new[] { true }), "a queued request is accepted");
        Assert.That(totals.MigrationsRequested, Is.EqualTo(1));
        Assert.That(totals.MigrationsPartial, Is.EqualTo(1));
        Assert.That(totals.MigrationsMoved, Is.Zero);
        Assert.That(totals.MigrationsFailed, Is.Zero);
        Assert.That(totals.BytesMigrated, Is.EqualTo(3 * 4096));
        Assert.That(totals.MigrationNs, Is.EqualTo(migrationNs));

        // Epoch-tick migrations are not charged to accesses.
        const long accessNs = (4 * Tiny.SlowLatencyNs) + 16_000 + Tiny.SlowPageNs + Tiny.FastPageNs;
        Assert.That(totals.ModeledNs, Is.EqualTo(accessNs));
        Assert.That(totals.Hits, Is.EqualTo(1));

        var ranges = replay.Output.LastRanges().Select(r => (r.StartAddress / PageSize, r.EndAddress / PageSize, r.Target, r.PinCount));
        Assert.That(ranges, Is.EqualTo(new[] { (0UL, 1UL, "fast", 0), (1UL, 2UL, "slow", 1), (2UL, 4UL, "fast", 0) }));
    }

    [Test]
    public void A_migration_of_only_pinned_pages_fails_as_pinned_until_they_are_unpinned()
    {
        var policy = new ScriptedPolicy
        {
            FirstTouchTarget = Tiny.Slow,
            EpochMigrations =
            {
                [1] = [(1, 0, 2, Tiny.Fast)],
                [3] = [(1, 0, 2, Tiny.Fast)],
            },
        };
        var replay = new Replay(Tiny.Machine(), policy, EveryRecord);

        var totals = replay.Run(
            Write(0, 0, 2 * PageSize),   // pages 0..1 on slow
            Pin(1, 0, 2 * PageSize),     // tick 1: pinned, nothing moves
            Pin(2, 0, PageSize),         // page 0 pinned twice
            Unpin(3, 0, 2 * PageSize));  // page 0 still pinned once: tick 3 moves page 1 only

        const long onePageNs = Tiny.RequestOverheadNs + Tiny.PageOverheadNs + Tiny.MigrationLatencyNs + 4000;
        Assert.That(replay.Output.Migrations, Is.EqualTo(new[]
        {
            new MigrationRow(1, 1, 1, 1, 0, 2 * PageSize, 2, null, "fast", MigrationReason.Policy, MigrationOutcome.Pinned, 0, 2, 0, false),
            new MigrationRow(3, 3, 3, 1, 0, 2 * PageSize, 2, "slow", "fast", MigrationReason.Policy, MigrationOutcome.Partial, 1, 1, onePageNs, false),
        }));
        Assert.That(totals.MigrationsFailed, Is.EqualTo(1));
        Assert.That(totals.MigrationsPartial, Is.EqualTo(1));
        Assert.That(totals.BytesMigrated, Is.EqualTo(4096));
    }

    [Test]
    public void A_migration_of_unpopulated_pages_records_nothing_populated()
    {
        var policy = new ScriptedPolicy { EpochMigrations = { [1] = [(1, 0x10, 0x12, Tiny.Slow)] } };
        var replay = new Replay(Tiny.Machine(), policy, EveryRecord);

        var totals = replay.Run(Mmap(0, Page(0x10), 2 * PageSize), Marker(1));

        Assert.That(replay.Output.Migrations.Single().Outcome, Is.EqualTo(MigrationOutcome.NothingPopulated));
        Assert.That(replay.Output.Migrations.Single().PagesFailed, Is.Zero);
        Assert.That(totals.MigrationsFailed, Is.EqualTo(1));
        Assert.That(totals.BytesMigrated, Is.Zero);
    }

    [Test]
    public void A_migration_that_does_not_fit_fails_with_no_capacity()
    {
        var policy = new ScriptedPolicy { FirstTouchTarget = Tiny.Slow, EpochMigrations = { [0] = [(1, 0, 3, Tiny.Fast)] } };
        var replay = new Replay(Tiny.Machine(fastPages: 2), policy, EveryRecord);

        var totals = replay.Run(Write(0, 0, 3 * PageSize));

        Assert.That(replay.Output.Migrations, Is.EqualTo(new[]
        {
            new MigrationRow(0, 0, 0, 1, 0, 3 * PageSize, 3, "slow", "fast", MigrationReason.Policy, MigrationOutcome.NoCapacity, 0, 3, 0, false),
        }));
        Assert.That(totals.MigrationsFailed, Is.EqualTo(1));
        Assert.That(replay.Output.LastRanges().Single().Target, Is.EqualTo("slow"));
    }
}
