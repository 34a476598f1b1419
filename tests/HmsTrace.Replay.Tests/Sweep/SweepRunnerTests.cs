using HmsTrace.Replay.Pipeline;
using HmsTrace.Replay.Results;
using HmsTrace.Replay.Sweep;
using HmsTrace.Replay.Tests.Pipeline;

namespace HmsTrace.Replay.Tests.Sweep;

public sealed class SweepRunnerTests
{
    [Test]
    public async Task Parallel_1_and_parallel_2_write_byte_identical_datasets()
    {
        using var dir = new TempDirectory();
        var runs = SweepPlan.Create(SweepFixture.Spec(dir.Path)).Runs;

        var one = await SweepRunner.RunAsync(runs, dir.File("p1"), new SweepOptions { Parallel = 1 });
        var two = await SweepRunner.RunAsync(runs, dir.File("p2"), new SweepOptions { Parallel = 2 });

        Assert.That(one.Completed, Is.EqualTo(12), Problems(one));
        Assert.That(two.Completed, Is.EqualTo(12), Problems(two));
        var a = SweepFixture.Dataset(dir.File("p1"));
        Assert.That(a.Keys.Count(k => k.EndsWith(".parquet", StringComparison.Ordinal)), Is.EqualTo(12 * 4));
        Assert.That(SweepFixture.Dataset(dir.File("p2")), Is.EqualTo(a));
    }

    [Test]
    public async Task Shared_decoding_writes_the_same_files_as_decoding_per_replay()
    {
        using var dir = new TempDirectory();
        var runs = SweepPlan.Create(SweepFixture.Spec(dir.Path)).Runs;

        await SweepRunner.RunAsync(runs, dir.File("shared"), new SweepOptions { Parallel = 2, ShareDecoding = 6, BatchRecords = 1024, ChannelCapacity = 1 });
        await SweepRunner.RunAsync(runs, dir.File("alone"), new SweepOptions { Parallel = 2, ShareDecoding = 1 });

        Assert.That(SweepFixture.Dataset(dir.File("shared")), Is.EqualTo(SweepFixture.Dataset(dir.File("alone"))));
    }

    [Test]
    public async Task A_sweep_run_writes_the_same_files_as_the_single_replay_of_its_combination()
    {
        using var dir = new TempDirectory();
        var run = SweepPlan.Create(SweepFixture.Spec(dir.Path) with { Capacities = [] }).Runs[0];
        await SweepRunner.RunAsync([run], dir.File("sweep"));

        var job = new ReplayJob
        {
            TracePath = run.TracePath,
            Topology = run.Topology,
            TopologySha256 = run.TopologySha256,
            Policy = run.Policy,
            Options = run.Options,
        };
        await ReplayPipeline.RunAsync(job, new ParquetResultSink(dir.File("replay")));

        Assert.That(SweepFixture.Dataset(dir.File("sweep")), Is.EqualTo(SweepFixture.Dataset(dir.File("replay"))));
    }

    [Test]
    public async Task Optimal_reads_each_trace_ahead_once_for_all_its_capacities_with_the_files_of_a_pre_pass_per_run()
    {
        using var dir = new TempDirectory();
        var cache = new Engine.Policies.NextUseIndexCache();
        var shared = PolicySource.BuiltIn("optimal", cache)!;
        var alone = PolicySource.ForTrace(shared.Name, shared.Sha256, (trace, machine) =>
        {
            using var reader = trace.Open();
            return new Engine.Policies.OptimalPolicy(Engine.Policies.NextUseIndex.Build(reader, machine, trace.Source));
        });
        var spec = SweepFixture.Spec(dir.Path) with { Policies = [new SweepPolicy(shared)] };

        var withCache = await SweepRunner.RunAsync(SweepPlan.Create(spec).Runs, dir.File("shared"), new SweepOptions { Parallel = 2 });
        var without = await SweepRunner.RunAsync(SweepPlan.Create(spec with { Policies = [new SweepPolicy(alone)] }).Runs, dir.File("alone"), new SweepOptions { Parallel = 2 });

        Assert.That(withCache.Completed, Is.EqualTo(4), Problems(withCache));
        Assert.That(without.Completed, Is.EqualTo(4), Problems(without));
        // Two traces. A trace's runs share its decoder, so none can finish before all have asked
        // for the index: the weakly held index is alive for each of them.
        Assert.That(cache.Builds, Is.EqualTo(2));
        Assert.That(SweepFixture.Dataset(dir.File("shared")), Is.EqualTo(SweepFixture.Dataset(dir.File("alone"))));
    }

    [Test]
    public async Task A_broken_trace_and_a_faulting_policy_fail_only_their_runs_and_are_reported()
    {
        using var dir = new TempDirectory();
        var broken = dir.File("broken.csv");
        File.WriteAllText(broken, "t_ns,pid,initiator,op,address,size,arg\n0,1,cpu0,mmap,0x1000,8192,0\n1,1,cpu0,read,0x1000,oops,0\n");
        var throwing = new SweepPolicy(new PolicySource("throwing", RunIdentity.TextSha256("throwing"), () => new SweepFixture.ThrowingPolicy()));
        var spec = SweepFixture.Spec(dir.Path) with
        {
            Traces = [SweepFixture.Zipf(dir.Path, "good", 1), broken],
            Policies = [SweepFixture.BuiltIn("lru"), throwing],
            Capacities = [],
        };
        var observer = new RecordingObserver();

        var summary = await SweepRunner.RunAsync(SweepPlan.Create(spec).Runs, dir.File("out"), new SweepOptions { Parallel = 2 }, observer);

        var failed = summary.Outcomes.Where(o => o.Status == SweepRunStatus.Failed).ToList();
        Assert.That(summary.Completed, Is.EqualTo(1), "lru on the good trace");
        Assert.That(failed.Select(o => $"{o.Run.Policy.Name} {o.Run.TraceName}"), Is.EquivalentTo(new[] { "lru broken", "throwing broken", "throwing good" }));
        Assert.That(failed.Single(o => o.Run.TraceName == "broken" && o.Run.Policy.Name == "lru").Error, Does.Contain("broken.csv:3"));
        Assert.That(failed.Single(o => o.Run.TraceName == "good").Error, Does.Contain("policy fault").And.Contain("this policy always fails"));
        Assert.That(observer.Failed, Is.EquivalentTo(failed.Select(o => o.Run.RunId)), "failures are reported as they happen");
        var files = SweepFixture.Dataset(dir.File("out")).Keys.Where(k => k.EndsWith(".parquet", StringComparison.Ordinal)).ToList();
        Assert.That(files, Has.Count.EqualTo(4).And.All.Contain("policy=lru/trace=good/"));
    }

    [Test]
    public async Task A_resumed_sweep_skips_complete_runs_and_redoes_incomplete_ones()
    {
        using var dir = new TempDirectory();
        var runs = SweepPlan.Create(SweepFixture.Spec(dir.Path)).Runs;
        await SweepRunner.RunAsync(runs, dir.File("whole"));
        var root = dir.File("resumed");
        await SweepRunner.RunAsync(runs.Take(6).ToList(), root);

        // What a kill leaves: a run with some files moved into place, a truncated file, staged leftovers.
        File.Delete(Path.Combine(root, runs[1].Files[2]));
        File.WriteAllBytes(Path.Combine(root, runs[2].Files[0]), [.. File.ReadAllBytes(Path.Combine(root, runs[2].Files[0])).AsSpan(0, 100)]);
        Directory.CreateDirectory(Path.Combine(root, ".staging"));
        var stale = Path.Combine(root, ".staging", ParquetResultSink.StagingPrefix(runs[7].Files[3]) + "999.0.partial");
        File.WriteAllText(stale, "half a file");

        var summary = await SweepRunner.RunAsync(runs, root);

        Assert.That(summary.Skipped, Is.EqualTo(4));
        Assert.That(summary.Completed, Is.EqualTo(8));
        Assert.That(File.Exists(stale), Is.False, "stale staging file of a redone run");
        Assert.That(SweepFixture.Dataset(root), Is.EqualTo(SweepFixture.Dataset(dir.File("whole"))));
    }

    private sealed class RecordingObserver : ISweepObserver
    {
        private readonly List<string> _failed = [];

        public IReadOnlyList<string> Failed
        {
            get
            {
                lock (_failed)
                {
                    return [.. _failed];
                }
            }
        }

        public void RunStarted(SweepRun run)
        {
        }

        public void RunProgress(SweepRun run, ReplayProgress progress)
        {
        }

        public void RunFinished(SweepRunOutcome outcome)
        {
            if (outcome.Status == SweepRunStatus.Failed)
            {
                lock (_failed)
                {
                    _failed.Add(outcome.Run.RunId);
                }
            }
        }
    }

    /// <summary>The runs that did not complete, with their status and error, for a failure message.</summary>
    private static string Problems(SweepSummary summary)
        => string.Join("; ", summary.Outcomes.Where(o => o.Status != SweepRunStatus.Completed).Select(o => $"{o.Run.RunId}: {o.Status} {o.Error}"));
}
