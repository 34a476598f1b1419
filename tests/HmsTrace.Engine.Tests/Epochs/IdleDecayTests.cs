using HmsTrace.Engine.Policies;
using HmsTrace.Engine.Tests.Support;
using HmsTrace.Policy;
using HmsTrace.Traces;
using static HmsTrace.Engine.Tests.Support.Trace;

namespace HmsTrace.Engine.Tests.Epochs;

/// <summary>
/// An idle epoch (no record, no migration) only decays the ranges' history. Its pass over the
/// statistics is deferred and applied together with the other idle epochs' before anything reads
/// them; the rows are exactly those of a pass per epoch, and a trace with long quiet spells costs
/// a pass per active epoch.
/// </summary>
public sealed class IdleDecayTests
{
    [Test]
    public void History_decays_by_a_quarter_in_each_idle_epoch()
    {
        // 100 accesses to page 0 in epoch 0, nine idle epochs, one access in epoch 10.
        var records = Enumerable.Range(0, 100).Select(i => ReadPage(i, 0)).Append(ReadPage(10_500, 0)).ToArray();
        var replay = new Replay(Tiny.Machine(), options: new ReplayOptions { EpochNs = 1000 });

        replay.Run(records);

        // 100 → 75 → 57 → 43 → 33 → 25 → 19 → 15 → 12 → 9: each idle end takes a quarter, rounded down.
        var row = replay.Output.Ranges.Single(r => r.Epoch == 10);
        Assert.That((row.EpochAccesses, row.DecayedAccesses), Is.EqualTo((1L, 9L)));

        // The range turned idle at the end of epoch 1 (2,000 ns); epoch 10 ends at 11,000 ns.
        Assert.That(row.AgeNs, Is.EqualTo(9000));
        Assert.That(replay.Engine.DecayPasses, Is.LessThanOrEqualTo(3), "epochs 0 and 10, and one pass for the nine idle ones");
    }

    [Test]
    public void A_policy_that_reads_the_ranges_sees_them_decay_at_every_epoch_end()
    {
        var records = Enumerable.Range(0, 100).Select(i => ReadPage(i, 0)).Append(ReadPage(10_500, 0)).ToArray();
        var policy = new HistoryReader();
        var replay = new Replay(Tiny.Machine(), policy, new ReplayOptions { EpochNs = 1000 });

        replay.Run(records);

        Assert.That(policy.Seen, Is.EqualTo(new long[] { 0, 100, 75, 57, 43, 33, 25, 19, 15, 12, 9 }));
        Assert.That(replay.Engine.DecayPasses, Is.EqualTo(11));
    }

    [Test]
    public void Deferring_idle_decay_changes_no_row_and_no_total([Values("first-touch", "lru", "migrate-on-fault")] string policy, [Values(1, 2)] int seed, [Values(1, 2)] int initiators)
    {
        var records = Bursts(seed, initiators);

        var deferred = Run(records, policy, initiators, defer: true);
        var eager = Run(records, policy, initiators, defer: false);

        SameResults.Check((deferred.Totals, deferred.Output), (eager.Totals, eager.Output));
        Assert.That(deferred.Output.Ranges.Select(r => r.DecayedAccesses).Distinct().Count(), Is.GreaterThan(20), "the rows show history at many stages of decay");
        Assert.That(deferred.Totals.MigrationsRequested, policy == "first-touch" ? Is.Zero : Is.GreaterThan(100), "the workload exercises migrations");

        // 40 bursts over about 20,000 epochs: a pass per active epoch and one per quiet spell.
        Assert.That(eager.Passes, Is.EqualTo(eager.Totals.Epochs));
        Assert.That(deferred.Passes, Is.LessThan(200));
    }

    /// <summary>
    /// 40 bursts of 200 skewed accesses over 600 pages, in 1 or 2 epochs each, with quiet spells
    /// between (half of 1 to 7 epochs of 1 µs, half of up to 1,000); a pin and an unmap. With two
    /// initiators (a CPU and a GPU) each access comes from either, so ranges keep per-initiator counts.
    /// </summary>
    private static TraceRecord[] Bursts(int seed, int initiators)
    {
        var random = new Random(seed);
        var records = new List<TraceRecord>();
        var time = 0L;
        for (var burst = 0; burst < 40; burst++)
        {
            for (var i = 0; i < 200; i++)
            {
                var rank = (ulong)(600 * Math.Pow(random.NextDouble(), 3));
                var page = rank * 2654435761UL % 600;
                var initiator = (ushort)random.Next(initiators);
                records.Add(random.Next(4) == 0 ? Write(time, Page(page), 64, initiator) : Read(time, Page(page), 64, initiator));
                time += random.Next(10);
            }

            if (burst == 10)
            {
                records.Add(Pin(time, Page(100), 20 * PageSize));
            }

            if (burst == 30)
            {
                records.Add(Munmap(time, Page(0), 50 * PageSize));
            }

            time += 1000L * (random.Next(2) == 0 ? random.Next(1, 8) : random.Next(1, 1000));
        }

        return [.. records];
    }

    private static (Results.RunTotals Totals, RecordingOutput Output, long Passes) Run(TraceRecord[] records, string policy, int initiators, bool defer)
    {
        var placement = BuiltInPolicies.Create(policy)!;
        var options = new ReplayOptions { EpochNs = 1000 };
        var replay = initiators == 1
            ? new Replay(Machines.TwoTier(64 * 4096), placement, options)
            : new Replay(Machines.Preset("cpu-gpu-pcie"), placement, options, "cpu0", "gpu0");
        replay.Engine.DeferIdleDecay = defer;
        var totals = replay.Run(records);
        return (totals, replay.Output, replay.Engine.DecayPasses);
    }

    /// <summary>First touch; at every epoch end, notes the history of the range holding page 0.</summary>
    private sealed class HistoryReader : PlacementPolicy
    {
        public List<long> Seen { get; } = [];

        public override TargetId OnFirstTouch(FirstTouchContext context) => context.DefaultTarget;

        public override void OnEpoch(EpochContext context)
        {
            for (var i = 0; i < context.RangeCount; i++)
            {
                if (context.Range(i).StartPage == 0)
                {
                    Seen.Add(context.Range(i).DecayedAccesses);
                }
            }
        }
    }
}
