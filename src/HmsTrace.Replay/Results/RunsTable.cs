using HmsTrace.Parquet;

namespace HmsTrace.Replay.Results;

/// <summary>Reads the <c>runs</c> table of a result dataset (every <c>runs/**/*.parquet</c> file) with our own Parquet reader.</summary>
public static class RunsTable
{
    /// <summary>
    /// Every row of the dataset's <c>runs</c> table, ordered by trace, then policy, then run id. Throws
    /// <see cref="InputException"/> when <paramref name="root"/> is missing, holds no runs, or a file
    /// is not a readable runs file.
    /// </summary>
    public static IReadOnlyList<RunRecord> Read(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (File.Exists(root))
        {
            throw InputException.In(root, "is a file, not a result dataset folder", "Give the --out folder of a replay or sweep");
        }

        if (!Directory.Exists(root))
        {
            throw InputException.In(root, "no such result dataset folder", "Give the --out folder of a replay or sweep");
        }

        var folder = Path.Combine(root, ResultTables.Runs.Name);
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.parquet", SearchOption.AllDirectories) : [];
        if (files.Length == 0)
        {
            throw InputException.In(root, "holds no runs (no runs/**/*.parquet files)", "Run `hmstrace sweep --out` or `hmstrace replay --out` into it first");
        }

        Array.Sort(files, StringComparer.Ordinal);
        var rows = new List<RunRecord>();
        foreach (var file in files)
        {
            try
            {
                using var reader = ParquetReader.Open(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read));
                for (var g = 0; g < reader.RowGroups.Count; g++)
                {
                    Read(reader, g, rows);
                }
            }
            catch (Exception e) when (e is ParquetFormatException or IOException or KeyNotFoundException or InvalidOperationException)
            {
                throw InputException.In(file, $"is not a readable runs file: {e.Message}", "Remove it; a sweep then replays that run again", e);
            }
        }

        rows.Sort((a, b) =>
        {
            var c = string.CompareOrdinal(a.Trace, b.Trace);
            c = c != 0 ? c : string.CompareOrdinal(a.Policy, b.Policy);
            return c != 0 ? c : string.CompareOrdinal(a.RunId, b.RunId);
        });
        return rows;
    }

    private static void Read(ParquetReader reader, int g, List<RunRecord> rows)
    {
        string?[] S(string name) => reader.ReadString(g, Column(reader, name)).Values;
        long[] L(string name) => reader.ReadInt64(g, Column(reader, name)).Values;
        double[] D(string name) => reader.ReadDouble(g, Column(reader, name)).Values;
        var runId = S("run_id");
        var trace = S("trace");
        var traceSha = S("trace_sha256");
        var topology = S("topology");
        var topologySha = S("topology_sha256");
        var policy = S("policy");
        var parameters = S("parameters_json");
        var records = L("records");
        var hitRate = D("hit_rate");
        var byteHitRate = D("byte_hit_rate");
        var modeled = L("modeled_ns");
        var migrationNs = L("migration_ns");
        var requested = L("migrations_requested");
        var moved = L("migrations_moved");
        var bytesMigrated = L("bytes_migrated");
        var pingPongs = L("ping_pongs");
        var faults = L("policy_faults");
        var seed = L("seed");
        var epochNs = L("epoch_ns");
        var epochRecords = L("epoch_records");
        // Added in runs schema 3: files written before it ran with every range shown.
        var maxRegions = reader.Schema.IndexOf("max_regions") >= 0 ? L("max_regions") : new long[runId.Length];
        for (var i = 0; i < runId.Length; i++)
        {
            rows.Add(new RunRecord
            {
                RunId = runId[i] ?? string.Empty,
                Trace = trace[i] ?? string.Empty,
                TraceSha256 = traceSha[i] ?? string.Empty,
                Topology = topology[i] ?? string.Empty,
                TopologySha256 = topologySha[i] ?? string.Empty,
                Policy = policy[i] ?? string.Empty,
                ParametersJson = parameters[i] ?? "{}",
                Records = records[i],
                HitRate = hitRate[i],
                ByteHitRate = byteHitRate[i],
                ModeledNs = modeled[i],
                MigrationNs = migrationNs[i],
                MigrationsRequested = requested[i],
                MigrationsMoved = moved[i],
                BytesMigrated = bytesMigrated[i],
                PingPongs = pingPongs[i],
                PolicyFaults = faults[i],
                Seed = seed[i],
                EpochNs = epochNs[i],
                EpochRecords = epochRecords[i],
                MaxRegions = maxRegions[i],
            });
        }
    }

    private static int Column(ParquetReader reader, string name)
    {
        var i = reader.Schema.IndexOf(name);
        return i >= 0 ? i : throw new KeyNotFoundException($"no column '{name}'");
    }
}
