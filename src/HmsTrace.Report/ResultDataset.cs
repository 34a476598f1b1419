using System.Globalization;
using HmsTrace.Report.Loading;

namespace HmsTrace.Report;

/// <summary>
/// A result dataset (the folder <c>hmstrace replay --out</c> and <c>hmstrace sweep</c> write) loaded for reporting:
/// the <c>runs</c> rows, plus per-run aggregates of <c>epochs</c>, <c>migrations</c> and <c>ranges</c> joined on
/// <c>run_id</c>. The <c>timings</c> table is not read: it differs from run to run, and the report must not.
/// Files are read in path order, so loading is deterministic. Immutable once loaded.
/// </summary>
public sealed class ResultDataset
{
    private readonly Dictionary<string, RunData> _data;

    private ResultDataset(string root, List<RunSummary> runs, Dictionary<string, RunData> data)
    {
        Root = root;
        Runs = runs;
        _data = data;
    }

    /// <summary>The dataset folder (full path).</summary>
    public string Root { get; }

    /// <summary>Every run, ordered by trace, then policy, then run id (ordinal).</summary>
    public IReadOnlyList<RunSummary> Runs { get; }

    /// <summary>Loads the dataset under <paramref name="root"/>.</summary>
    /// <exception cref="InputException">The folder is missing, holds no runs, or a file is unreadable.</exception>
    public static ResultDataset Load(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        var full = Path.GetFullPath(root);
        if (File.Exists(full))
        {
            throw InputException.In(root, "is a file, not a result dataset folder", "Pass the folder that `hmstrace replay --out` wrote (it holds runs/, epochs/, migrations/, ranges/)");
        }

        if (!Directory.Exists(full))
        {
            throw InputException.In(root, "no such folder", "Pass the folder that `hmstrace replay --out` wrote (default: results)");
        }

        var runs = LoadRuns(full);
        if (runs.Count == 0)
        {
            throw InputException.In(root, "holds no runs (no rows in runs/**/*.parquet), so there is nothing to report", "Run `hmstrace replay --out " + root + "` first, or pass the folder it wrote");
        }

        // A run is its run_id within its trace's partition: the same trace bytes under two names
        // are two runs with one run_id (docs/results.md), and their rows must not add up.
        var data = new Dictionary<string, RunData>(StringComparer.Ordinal);
        var byRunId = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var run in runs)
        {
            var key = Key(run.RunId, run.Trace);
            data[key] = new RunData();
            byRunId[run.RunId] = byRunId.ContainsKey(run.RunId) ? null : key;
        }

        var runsOf = new RunLookup(data, byRunId);
        LoadEpochs(full, runsOf);
        LoadMigrations(full, runsOf);
        LoadRanges(full, runsOf);
        return new ResultDataset(full, runs, data);
    }

    internal RunData DataOf(RunSummary run) => _data[Key(run.RunId, run.Trace)];

    private static string Key(string runId, string trace) => runId + "\n" + trace;

    /// <summary>Finds a row's run by its run_id and its file's trace partition (by run_id alone, when the file has no such partition and the id is unique).</summary>
    private sealed class RunLookup(Dictionary<string, RunData> data, Dictionary<string, string?> byRunId)
    {
        public bool TryGet(string? runId, string? trace, out RunData run)
        {
            run = null!;
            if (runId is null)
            {
                return false;
            }

            var key = trace is not null ? Key(runId, trace) : byRunId.GetValueOrDefault(runId);
            return key is not null && data.TryGetValue(key, out run!);
        }
    }

    private static List<RunSummary> LoadRuns(string root)
    {
        var byId = new Dictionary<string, RunSummary>(StringComparer.Ordinal);
        foreach (var (path, relative) in DatasetFiles.Of(root, "runs"))
        {
            var partitions = DatasetFiles.Partitions(relative);
            using var file = ParquetTableFile.Open(path, relative);
            if (file.RowCount == 0)
            {
                continue;
            }

            var id = file.Strings("run_id");
            var trace = partitions.TryGetValue("trace", out var t) ? null : file.Strings("trace");
            var policy = partitions.TryGetValue("policy", out var p) ? null : file.Strings("policy");
            var opt = new OptionalColumns(file);
            for (var r = 0; r < file.RowCount; r++)
            {
                var run = new RunSummary
                {
                    RunId = id[r] ?? "",
                    Trace = t ?? trace![r] ?? "",
                    Policy = p ?? policy![r] ?? "",
                    TraceFormat = opt.String("trace_format", r),
                    TraceSha256 = opt.String("trace_sha256", r),
                    Topology = opt.String("topology", r),
                    TopologySha256 = opt.String("topology_sha256", r),
                    PolicySha256 = opt.String("policy_sha256", r),
                    ParametersJson = opt.String("parameters_json", r) is { Length: > 0 } json ? json : "{}",
                    Seed = opt.Long("seed", r),
                    EpochNs = opt.Long("epoch_ns", r),
                    EpochRecords = opt.Long("epoch_records", r),
                    MaxRegions = opt.Long("max_regions", r),
                    EngineVersion = opt.String("engine_version", r),
                    Records = opt.Long("records", r),
                    Accesses = opt.Long("accesses", r),
                    Bytes = opt.Long("bytes", r),
                    Hits = opt.Long("hits", r),
                    HitRate = opt.Double("hit_rate", r),
                    ByteHitRate = opt.Double("byte_hit_rate", r),
                    ModeledNs = opt.Long("modeled_ns", r),
                    MigrationsRequested = opt.Long("migrations_requested", r),
                    MigrationsMoved = opt.Long("migrations_moved", r),
                    MigrationsPartial = opt.Long("migrations_partial", r),
                    MigrationsFailed = opt.Long("migrations_failed", r),
                    BytesMigrated = opt.Long("bytes_migrated", r),
                    MigrationNs = opt.Long("migration_ns", r),
                    PingPongs = opt.Long("ping_pongs", r),
                    PolicyFaults = opt.Long("policy_faults", r),
                    FirstPolicyFault = opt.NullableString("first_policy_fault", r),
                    Epochs = opt.Long("epochs", r),
                };
                if (run.RunId.Length == 0)
                {
                    throw InputException.In(path, string.Create(CultureInfo.InvariantCulture, $"row {r} has an empty run_id"), "Re-run the replay that wrote it");
                }

                // The same run written twice (a re-run into the same folder) is one run.
                byId.TryAdd(Key(run.RunId, run.Trace), run);
            }
        }

        var runs = byId.Values.ToList();
        runs.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.Trace, b.Trace);
            c = c != 0 ? c : string.CompareOrdinal(a.Policy, b.Policy);
            return c != 0 ? c : string.CompareOrdinal(a.RunId, b.RunId);
        });
        return runs;
    }

    private static void LoadEpochs(string root, RunLookup runs)
    {
        foreach (var (path, relative) in DatasetFiles.Of(root, "epochs"))
        {
            using var file = ParquetTableFile.Open(path, relative);
            if (file.RowCount == 0)
            {
                continue;
            }

            var trace = DatasetFiles.Partitions(relative).GetValueOrDefault("trace");
            var id = file.Strings("run_id");
            var epoch = file.Longs("epoch");
            var start = file.Longs("start_ns");
            var end = file.Longs("end_ns");
            var target = file.Strings("target");
            var accesses = file.Longs("accesses");
            var hits = file.Longs("hits");
            var resident = file.Longs("resident_bytes");
            for (var r = 0; r < file.RowCount; r++)
            {
                if (!runs.TryGet(id[r], trace, out var run))
                {
                    continue;
                }

                if (!run.Epochs.TryGetValue(epoch[r], out var e))
                {
                    e = new EpochStats { StartNs = start[r], EndNs = end[r] };
                    run.Epochs.Add(epoch[r], e);
                }

                e.Accesses += accesses[r];
                e.Hits += hits[r];
                var name = target[r] ?? "(none)";
                // Every row of a target in an epoch carries the same resident bytes; max guards against duplicates.
                e.ResidentBytes[name] = Math.Max(e.ResidentBytes.GetValueOrDefault(name), resident[r]);
            }
        }
    }

    private static void LoadMigrations(string root, RunLookup runs)
    {
        foreach (var (path, relative) in DatasetFiles.Of(root, "migrations"))
        {
            using var file = ParquetTableFile.Open(path, relative);
            if (file.RowCount == 0)
            {
                continue;
            }

            var trace = DatasetFiles.Partitions(relative).GetValueOrDefault("trace");
            var id = file.Strings("run_id");
            var time = file.Longs("t_ns");
            var epoch = file.Longs("epoch");
            var outcome = file.Strings("outcome");
            var pingPong = file.Booleans("ping_pong");
            for (var r = 0; r < file.RowCount; r++)
            {
                if (!runs.TryGet(id[r], trace, out var run))
                {
                    continue;
                }

                if (!run.Migrations.TryGetValue(epoch[r], out var m))
                {
                    m = new MigrationStats();
                    run.Migrations.Add(epoch[r], m);
                }

                m.FirstNs = Math.Min(m.FirstNs, time[r]);
                m.LastNs = Math.Max(m.LastNs, time[r]);
                m.PingPongs += pingPong[r] ? 1 : 0;
                var name = outcome[r] ?? "unknown";
                m.ByOutcome[name] = m.ByOutcome.GetValueOrDefault(name) + 1;
            }
        }
    }

    private static void LoadRanges(string root, RunLookup runs)
    {
        foreach (var (path, relative) in DatasetFiles.Of(root, "ranges"))
        {
            using var file = ParquetTableFile.Open(path, relative);
            if (file.RowCount == 0)
            {
                continue;
            }

            var trace = DatasetFiles.Partitions(relative).GetValueOrDefault("trace");
            var id = file.Strings("run_id");
            var epoch = file.Longs("epoch");
            var pid = file.Longs("pid");
            var start = file.Longs("range_start");
            var end = file.Longs("range_end");
            var accesses = file.Longs("epoch_accesses");
            for (var r = 0; r < file.RowCount; r++)
            {
                if (!runs.TryGet(id[r], trace, out var run))
                {
                    continue;
                }

                run.HasRangeSnapshots = true;
                if (accesses[r] > 0 && unchecked((ulong)end[r]) > unchecked((ulong)start[r]))
                {
                    run.Ranges.Add(new RangeCell(epoch[r], pid[r], unchecked((ulong)start[r]), unchecked((ulong)end[r]), accesses[r]));
                }
            }
        }
    }

    /// <summary>Columns of the runs table that older or foreign files may lack: absent reads as empty / zero.</summary>
    private sealed class OptionalColumns(ParquetTableFile file)
    {
        private readonly Dictionary<string, object?> _columns = new(StringComparer.Ordinal);

        public string String(string name, int row) => NullableString(name, row) ?? "";

        public string? NullableString(string name, int row)
            => Get(name, () => file.Strings(name)) is string?[] values ? values[row] : null;

        public long Long(string name, int row)
            => Get(name, () => file.Longs(name)) is long[] values ? values[row] : 0;

        public double Double(string name, int row)
            => Get(name, () => file.Doubles(name)) is double[] values ? values[row] : 0;

        private object? Get(string name, Func<object> read)
        {
            if (!_columns.TryGetValue(name, out var values))
            {
                values = file.Has(name) ? read() : null;
                _columns[name] = values;
            }

            return values;
        }
    }
}
