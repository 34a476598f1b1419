using System.Collections.Concurrent;
using HmsTrace.Engine;
using HmsTrace.Replay.Pipeline;
using HmsTrace.Replay.Results;
using HmsTrace.Topology;
using HmsTrace.Traces;
using HmsTrace.Traces.Statistics;

namespace HmsTrace.Replay.Sweep;

/// <summary>
/// Runs the replays of a sweep into one result dataset.
/// </summary>
/// <remarks>
/// <para>Runs whose files are already complete are skipped; the others are redone after their
/// leftovers are removed, so a sweep started again after any interruption ends with the dataset an
/// uninterrupted one writes (every replay is deterministic and its files appear only when it succeeded).</para>
/// <para>Consecutive runs of the same trace form cohorts of at most <see cref="SweepOptions.ShareDecoding"/>
/// replays fed by one decoder (<see cref="SharedDecoder"/>). At most <see cref="SweepOptions.Parallel"/>
/// cohorts are open at once, and at most as many engines replay a batch at any moment.</para>
/// <para>A failing run (malformed trace, policy fault, unwritable file) is reported and the others go
/// on; cancellation stops everything and throws <see cref="OperationCanceledException"/>.</para>
/// </remarks>
public static class SweepRunner
{
    /// <summary>Runs <paramref name="runs"/> (a plan or one shard of it) into the dataset at <paramref name="root"/>.</summary>
    public static async Task<SweepSummary> RunAsync(IReadOnlyList<SweepRun> runs, string root, SweepOptions? options = null, ISweepObserver? observer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(root);
        options ??= new SweepOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Parallel, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ShareDecoding, 1);
        var sink = new ParquetResultSink(root);
        var outcomes = new SweepRunOutcome?[runs.Count];
        var todo = new List<int>();
        for (var i = 0; i < runs.Count; i++)
        {
            if (RunFiles.IsComplete(sink.Root, runs[i]))
            {
                outcomes[i] = new SweepRunOutcome(runs[i], SweepRunStatus.Skipped, null, null);
                observer?.RunFinished(outcomes[i]!);
            }
            else
            {
                todo.Add(i);
            }
        }

        var context = new Context(sink, options, observer, new SemaphoreSlim(options.Parallel), new ConcurrentDictionary<(string, long), Lazy<long>>());
        using var cohortSlots = new SemaphoreSlim(options.Parallel);
        var cohorts = new List<Task>();
        try
        {
            foreach (var cohort in Cohorts(runs, todo, options.ShareDecoding))
            {
                await cohortSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
                cohorts.Add(RunCohortAsync(runs, cohort, outcomes, context, cohortSlots, cancellationToken));
            }
        }
        finally
        {
            await Task.WhenAll(cohorts).ConfigureAwait(false);
            context.EngineSlots.Dispose();
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new SweepSummary(outcomes!);
    }

    private static List<List<int>> Cohorts(IReadOnlyList<SweepRun> runs, List<int> todo, int share)
    {
        var cohorts = new List<List<int>>();
        foreach (var i in todo)
        {
            var last = cohorts.Count > 0 ? cohorts[^1] : null;
            if (last is not null && last.Count < share && runs[last[0]].TracePath == runs[i].TracePath)
            {
                last.Add(i);
            }
            else
            {
                cohorts.Add([i]);
            }
        }

        return cohorts;
    }

    private static async Task RunCohortAsync(IReadOnlyList<SweepRun> runs, List<int> cohort, SweepRunOutcome?[] outcomes, Context context, SemaphoreSlim cohortSlots, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Run(() => ReplayCohortAsync(runs, cohort, outcomes, context, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Reported by the caller once every cohort has stopped.
        }
        finally
        {
            cohortSlots.Release();
        }
    }

    private static async Task ReplayCohortAsync(IReadOnlyList<SweepRun> runs, List<int> cohort, SweepRunOutcome?[] outcomes, Context context, CancellationToken cancellationToken)
    {
        var first = runs[cohort[0]];
        ITraceReader reader;
        try
        {
            reader = TraceFile.OpenRead(first.TracePath, first.TraceOptions);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            foreach (var i in cohort)
            {
                Finish(outcomes, i, Failed(runs[i], e), context);
            }

            return;
        }

        using (reader)
        {
            var feeds = new RecordFeed[cohort.Count];
            var replays = new Task[cohort.Count];
            for (var k = 0; k < cohort.Count; k++)
            {
                feeds[k] = new RecordFeed(reader.Header, context.Options.ChannelCapacity, context.EngineSlots);
            }

            var decoder = Task.Run(() => SharedDecoder.RunAsync(reader, feeds, context.Options.BatchRecords, cancellationToken), CancellationToken.None);
            for (var k = 0; k < cohort.Count; k++)
            {
                var index = cohort[k];
                var feed = feeds[k];
                replays[k] = Task.Run(() => ReplayOneAsync(runs[index], index, feed, outcomes, context, cancellationToken), CancellationToken.None);
            }

            await Task.WhenAll(replays).ConfigureAwait(false);
            await decoder.ConfigureAwait(false);
        }
    }

    private static async Task ReplayOneAsync(SweepRun run, int index, RecordFeed feed, SweepRunOutcome?[] outcomes, Context context, CancellationToken cancellationToken)
    {
        try
        {
            context.Observer?.RunStarted(run);
            RunFiles.RemoveLeftovers(context.Sink.Root, run);
            var job = new ReplayJob
            {
                TracePath = run.TracePath,
                TraceSha256 = run.TraceSha256,
                TraceName = run.TraceName,
                TraceOptions = run.TraceOptions,
                Topology = Topology(run, context),
                TopologySha256 = run.TopologySha256,
                Policy = run.Policy,
                Options = run.Options,
                BatchRecords = context.Options.BatchRecords,
                ChannelCapacity = context.Options.ChannelCapacity,
            };
            var progress = context.Observer is { } o ? new RunProgress(o, run) : null;
            var result = await ReplayPipeline.RunAsync(job, feed, context.Sink, progress, cancellationToken).ConfigureAwait(false);
            Finish(outcomes, index, new SweepRunOutcome(run, SweepRunStatus.Completed, result, null), context);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            feed.Detach();
        }
        catch (Exception e)
        {
            feed.Detach();
            Finish(outcomes, index, Failed(run, e), context);
        }
    }

    private static MachineTopology Topology(SweepRun run, Context context)
    {
        var topology = run.Topology;
        foreach (var c in run.Capacities)
        {
            var footprint = c.IsFraction ? Footprint(run, context) : 0;
            topology = topology.WithTargetCapacity(c.Target, c.Resolve(footprint, topology.PageSizeBytes));
        }

        return topology;
    }

    private static long Footprint(SweepRun run, Context context)
    {
        // One extra pass over the trace, once per trace and page size, shared by its runs.
        var key = (run.TracePath, run.Topology.PageSizeBytes);
        var lazy = context.Footprints.GetOrAdd(key, k => new Lazy<long>(() =>
        {
            using var reader = TraceFile.OpenRead(k.Item1, run.TraceOptions);
            return TraceStatistics.Compute(reader, new TraceStatisticsOptions { PageSizeBytes = k.Item2 }).TouchedBytes;
        }));
        return lazy.Value;
    }

    private static SweepRunOutcome Failed(SweepRun run, Exception e)
    {
        var message = e switch
        {
            InputException or PolicyFaultException => e.Message,
            AggregateException { InnerException: { } inner } => $"{inner.GetType().Name}: {inner.Message}",
            _ => $"{e.GetType().Name}: {e.Message}",
        };
        return new SweepRunOutcome(run, SweepRunStatus.Failed, null, message);
    }

    private static void Finish(SweepRunOutcome?[] outcomes, int index, SweepRunOutcome outcome, Context context)
    {
        outcomes[index] = outcome;
        context.Observer?.RunFinished(outcome);
    }

    private sealed record Context(ParquetResultSink Sink, SweepOptions Options, ISweepObserver? Observer, SemaphoreSlim EngineSlots, ConcurrentDictionary<(string, long), Lazy<long>> Footprints);

    private sealed class RunProgress(ISweepObserver observer, SweepRun run) : IProgress<ReplayProgress>
    {
        public void Report(ReplayProgress value) => observer.RunProgress(run, value);
    }
}
