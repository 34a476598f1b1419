using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using HmsTrace.Engine;
using HmsTrace.Engine.Results;
using HmsTrace.Replay.Results;
using HmsTrace.Traces;

namespace HmsTrace.Replay.Pipeline;

/// <summary>
/// Runs one replay as three concurrent stages joined by bounded channels (DESIGN.md "Data flow"):
/// decoding fills pooled record batches; the engine (the single consumer) replays them and emits
/// result rows in column batches; the writer stage writes them to the sink. A slow stage applies
/// back-pressure through the bounded channels, so memory does not depend on the trace's length.
/// Files are completed (renamed into place) only when the whole replay succeeded.
/// </summary>
public static class ReplayPipeline
{
    /// <summary>How many records the engine replays between two looks at the cancellation token.</summary>
    private const int CancellationSlice = 4096;

    /// <summary>Replays <paramref name="job"/> and writes its tables to <paramref name="sink"/>.</summary>
    public static Task<ReplayResult> RunAsync(ReplayJob job, IResultSink sink, IProgress<ReplayProgress>? progress = null, CancellationToken cancellationToken = default)
        => RunAsync(job, null, sink, progress, cancellationToken);

    /// <summary>
    /// Replays <paramref name="job"/>; with a <paramref name="feed"/>, the records come from a decoder
    /// shared with other replays (the sweep) instead of this replay's own decode stage.
    /// </summary>
    internal static async Task<ReplayResult> RunAsync(ReplayJob job, RecordFeed? feed, IResultSink sink, IProgress<ReplayProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(sink);
        var clock = Stopwatch.StartNew();
        using var reader = feed is null ? job.OpenTrace?.Invoke() ?? TraceFile.OpenRead(job.TracePath, job.TraceOptions) : null;
        var header = feed?.Header ?? reader!.Header;
        var traceName = job.TraceName ?? DatasetPath.TraceName(job.TracePath);
        var hashTask = job.TraceSha256 is { } known ? Task.FromResult(known) : Task.Run(() => RunIdentity.FileSha256(job.TracePath), cancellationToken);
        var parametersJson = RunIdentity.ParametersJson(job.Options.Parameters);
        var policy = job.Policy.CreateForTrace is { } forTrace
            ? forTrace(PolicyTraceOf(job) with { Progress = progress is null ? null : read => progress.Report(new ReplayProgress(read, header.RecordCount, ReadingAhead: true)) }, job.Topology)
            : job.Policy.Create();
        var options = job.Options with { TraceSource = job.TracePath };

        // The run id needs the trace's hash, computed while the replay runs; the engine's rows leave
        // run_id empty and the writer stage fills it in once the hash is known.
        var runIdTask = hashTask.ContinueWith(
            t => RunIdentity.RunId(t.Result, traceName, job.TraceOptions, job.TopologySha256, job.Policy.Sha256, options),
            cancellationToken,
            TaskContinuationOptions.OnlyOnRanToCompletion,
            TaskScheduler.Default);

        var records = Channel.CreateBounded<RecordBatch>(new BoundedChannelOptions(job.ChannelCapacity) { SingleReader = true, SingleWriter = true });
        var rows = Channel.CreateBounded<TableBatch>(new BoundedChannelOptions(job.ChannelCapacity) { SingleReader = true, SingleWriter = true });
        var pool = TableBatchPool.For(job.ResultBatchRows);
        var writers = new Dictionary<string, ITableWriter>(StringComparer.Ordinal);
        var files = new List<string>();
        List<KeyValuePair<string, string>>? metadata = null;
        string? runId = null;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        var decode = feed is null ? Task.Run(() => Decode(reader!, job.BatchRecords, records.Writer, cancel.Token), cancel.Token) : Task.CompletedTask;
        var batches = feed is null ? records.Reader.ReadAllAsync(cancel.Token) : feed.ReadAllAsync(cancel.Token);
        RunTotals? totals = null;
        var engine = Task.Run(
            async () =>
            {
                var recorder = new ReplayRecorder(pool, b => PostBlocking(rows.Writer, b, cancel.Token));
                var replay = new ReplayEngine(job.Topology, policy, options, recorder);
                long done = 0;
                await foreach (var batch in batches.ConfigureAwait(false))
                {
                    try
                    {
                        // In slices, so that a cancellation (Ctrl-C) takes effect within a slice even
                        // under a slow policy; slicing changes no result.
                        var records = batch.Records;
                        for (var at = 0; at < records.Length; at += CancellationSlice)
                        {
                            cancel.Token.ThrowIfCancellationRequested();
                            replay.Process(records.Slice(at, Math.Min(CancellationSlice, records.Length - at)), header.Initiators);
                        }

                        done += batch.Count;
                    }
                    finally
                    {
                        batch.Release();
                    }

                    progress?.Report(new ReplayProgress(done, header.RecordCount));
                }

                totals = replay.Finish();
                recorder.FlushAll();
                rows.Writer.Complete();
            },
            cancel.Token);
        var write = Task.Run(
            async () =>
            {
                runId = await runIdTask.ConfigureAwait(false);
                metadata = Metadata(job, traceName, runId, parametersJson);
                await foreach (var batch in rows.Reader.ReadAllAsync(cancel.Token).ConfigureAwait(false))
                {
                    batch.Fill(0, runId);
                    var name = batch.Schema.Name;
                    if (!writers.TryGetValue(name, out var writer))
                    {
                        var path = DatasetPath.For(name, job.Policy.Name, traceName, runId);
                        writer = sink.Open(batch.Schema, path, metadata);
                        writers.Add(name, writer);
                        files.Add(path);
                    }

                    writer.Write(batch);
                    pool.Return(batch);
                }
            },
            cancel.Token);

        try
        {
            await WhenAllOrFirstFailure(cancel, hashTask, decode, engine, write, runIdTask).ConfigureAwait(false);
            var traceSha = hashTask.Result;
            var wall = clock.Elapsed.Ticks * 100;
            var peak = Environment.WorkingSet;
            using (var p = Process.GetCurrentProcess())
            {
                peak = p.PeakWorkingSet64;
            }

            WriteSingleRow(sink, writers, files, ResultTables.Runs, DatasetPath.For("runs", job.Policy.Name, traceName, runId!), metadata!, b => RunsRow(b, runId!, job, traceName, traceSha, parametersJson, header.Format, totals!));
            WriteSingleRow(sink, writers, files, ResultTables.Timings, DatasetPath.For("timings", job.Policy.Name, traceName, runId!), metadata!, b =>
            {
                var r = b.Row();
                b.Set(r, 0, runId!);
                b.Set(r, 1, wall);
                b.Set(r, 2, wall == 0 ? 0 : totals!.Records * 1e9 / wall);
                b.Set(r, 3, peak);
                b.Set(r, 4, (long)Environment.ProcessorCount);
            });

            // A table with no rows still gets a file, so every run has the same set of tables.
            foreach (var schema in ResultTables.All)
            {
                if (!writers.ContainsKey(schema.Name))
                {
                    var path = DatasetPath.For(schema.Name, job.Policy.Name, traceName, runId!);
                    writers.Add(schema.Name, sink.Open(schema, path, metadata!));
                    files.Add(path);
                }
            }

            // Every table is complete: only now do the files appear under their final names, all
            // of them or none (those moved before a move that failed are taken back).
            var moved = new List<ITableWriter>();
            try
            {
                foreach (var name in SortedKeys(writers))
                {
                    writers[name].Complete();
                    moved.Add(writers[name]);
                }
            }
            catch
            {
                foreach (var w in moved)
                {
                    w.Retract();
                }

                throw;
            }

            files.Sort(StringComparer.Ordinal);
            return new ReplayResult(runId!, traceName, job.Policy.Name, totals!, wall, peak, files);
        }
        finally
        {
            feed?.Detach();
            foreach (var w in writers.Values)
            {
                w.Dispose();
            }
        }
    }

    private static List<string> SortedKeys(Dictionary<string, ITableWriter> writers)
    {
        var keys = new List<string>(writers.Keys);
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    /// <summary>The job's trace for a policy to read ahead, named by its full path and every read option (the record's text) unless the job opens it itself.</summary>
    private static PolicyTrace PolicyTraceOf(ReplayJob job) => job.OpenTrace is { } open
        ? new PolicyTrace(open, job.TracePath, null)
        : new PolicyTrace(() => TraceFile.OpenRead(job.TracePath, job.TraceOptions), job.TracePath, $"{Path.GetFullPath(job.TracePath)}\n{job.TraceOptions}");

    private static void WriteSingleRow(IResultSink sink, Dictionary<string, ITableWriter> writers, List<string> files, TableSchema schema, string path, IReadOnlyList<KeyValuePair<string, string>> metadata, Action<TableBatch> fill)
    {
        var batch = new TableBatch(schema, 1);
        fill(batch);
        var writer = sink.Open(schema, path, metadata);
        writers.Add(schema.Name, writer);
        files.Add(path);
        writer.Write(batch);
    }

    private static void RunsRow(TableBatch b, string runId, ReplayJob job, string traceName, string traceSha, string parametersJson, string format, RunTotals t)
    {
        var r = b.Row();
        var c = 0;
        b.Set(r, c++, runId);
        b.Set(r, c++, traceName);
        b.Set(r, c++, format);
        b.Set(r, c++, traceSha);
        b.Set(r, c++, job.Topology.Name);
        b.Set(r, c++, job.TopologySha256);
        b.Set(r, c++, job.Policy.Name);
        b.Set(r, c++, job.Policy.Sha256);
        b.Set(r, c++, parametersJson);
        b.Set(r, c++, unchecked((long)job.Options.Seed));
        b.Set(r, c++, job.Options.EpochRecords > 0 ? 0 : job.Options.EpochNs);
        b.Set(r, c++, job.Options.EpochRecords);
        b.Set(r, c++, RunIdentity.EngineVersion);
        b.Set(r, c++, t.Records);
        b.Set(r, c++, t.Accesses);
        b.Set(r, c++, t.Bytes);
        b.Set(r, c++, t.Hits);
        b.Set(r, c++, t.HitBytes);
        b.Set(r, c++, t.HitRate);
        b.Set(r, c++, t.ByteHitRate);
        b.Set(r, c++, t.FirstTouches);
        b.Set(r, c++, t.ModeledNs);
        b.Set(r, c++, t.MigrationsRequested);
        b.Set(r, c++, t.MigrationsMoved);
        b.Set(r, c++, t.MigrationsPartial);
        b.Set(r, c++, t.MigrationsFailed);
        b.Set(r, c++, t.BytesMigrated);
        b.Set(r, c++, t.MigrationNs);
        b.Set(r, c++, t.PingPongs);
        b.Set(r, c++, t.PolicyFaults);
        b.Set(r, c++, t.FirstPolicyFault);
        b.Set(r, c++, t.PolicyFuelUsed);
        b.Set(r, c++, t.TraceErrors);
        b.Set(r, c++, t.OvercommittedPages);
        b.Set(r, c++, t.Epochs);
        b.Set(r, c++, t.PeakRanges);
        b.Set(r, c, job.Options.MaxRegions);
    }

    private static List<KeyValuePair<string, string>> Metadata(ReplayJob job, string traceName, string runId, string parametersJson) =>
    [
        new("hmstrace.run_id", runId),
        new("hmstrace.engine_version", RunIdentity.EngineVersion),
        new("hmstrace.trace", traceName),
        new("hmstrace.topology", job.Topology.Name),
        new("hmstrace.policy", job.Policy.Name),
        new("hmstrace.parameters", parametersJson),
        new("hmstrace.epoch", job.Options.EpochRecords > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{job.Options.EpochRecords} records")
            : string.Create(CultureInfo.InvariantCulture, $"{job.Options.EpochNs} ns")),
    ];

    private static async Task Decode(ITraceReader reader, int batchRecords, ChannelWriter<RecordBatch> output, CancellationToken token)
    {
        try
        {
            while (true)
            {
                var buffer = ArrayPool<TraceRecord>.Shared.Rent(batchRecords);
                var n = reader.Read(buffer.AsSpan(0, batchRecords));
                if (n == 0)
                {
                    ArrayPool<TraceRecord>.Shared.Return(buffer);
                    break;
                }

                await output.WriteAsync(new RecordBatch(buffer, n, references: 1), token).ConfigureAwait(false);
            }

            output.Complete();
        }
        catch (Exception e)
        {
            output.Complete(e);
            throw;
        }
    }

    private static void PostBlocking(ChannelWriter<TableBatch> writer, TableBatch batch, CancellationToken token)
    {
        if (batch.Count == 0)
        {
            return;
        }

        // The engine stage is synchronous inside a batch; waiting here is the back-pressure.
        if (!writer.TryWrite(batch))
        {
            writer.WriteAsync(batch, token).AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Awaits all stages; when one fails, cancels the others and rethrows the first failure (not the cancellations it caused).</summary>
    private static async Task WhenAllOrFirstFailure(CancellationTokenSource cancel, params Task[] stages)
    {
        var pending = new List<Task>(stages);
        Exception? first = null;
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending).ConfigureAwait(false);
            pending.Remove(done);
            if (done.IsFaulted && first is null)
            {
                first = done.Exception!.InnerException ?? done.Exception;
                await cancel.CancelAsync().ConfigureAwait(false);
            }
        }

        if (first is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        }

        foreach (var s in stages)
        {
            await s.ConfigureAwait(false);
        }
    }
}
