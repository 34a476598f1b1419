using System.Globalization;
using HmsTrace.Replay.Results;

namespace HmsTrace.Report.Tests.Infrastructure;

/// <summary>
/// Writes result datasets directly with the result tables' schemas and the Parquet sink (no replay), so that a
/// 50-run sweep costs milliseconds. Values are seeded and plausible: hit rates in [0, 1], resident bytes per target,
/// migrations with several outcomes, range snapshots over a few address segments.
/// </summary>
internal static class SyntheticDataset
{
    public static readonly string[] Policies = ["first-touch", "migrate-on-fault", "lru", "lru-aging-with-a-rather-long-policy-name", "hot-cold"];

    /// <summary>Writes <paramref name="runs"/> runs of one trace, policies cycling, each with its own parameters.</summary>
    public static void Write(string root, int runs, string trace = "zipf-synthetic", int epochs = 24, int seed = 7)
    {
        var sink = new ParquetResultSink(root);
        for (var i = 0; i < runs; i++)
        {
            var random = new Random(seed + i);
            var policy = Policies[i % Policies.Length];
            var runId = (0x1000_0000_0000_0000UL + ((ulong)i * 0x9E37_79B9UL)).ToString("x16", CultureInfo.InvariantCulture);
            var parameters = string.Create(CultureInfo.InvariantCulture, $"{{\"chunk_pages\":\"{64 << (i % 4)}\",\"threshold\":\"{i / Policies.Length}\"}}");
            const long epochNs = 1_000_000;
            var totals = new Totals();
            var epochRows = new TableBatch(ResultTables.Epochs, epochs * 2);
            var migrationRows = new TableBatch(ResultTables.Migrations, (epochs * 6) + 1);
            var rangeRows = new TableBatch(ResultTables.Ranges, epochs * 8);
            var quality = 0.3 + (0.65 * random.NextDouble());
            for (var e = 0; e < epochs; e++)
            {
                foreach (var (target, share) in new[] { ("fast", 0.7), ("slow", 0.3) })
                {
                    var accesses = 5_000L + random.Next(5_000);
                    var hits = target == "fast" ? (long)(accesses * Math.Clamp(quality + ((random.NextDouble() - 0.5) * 0.2), 0, 1)) : 0;
                    totals.Accesses += accesses;
                    totals.Hits += hits;
                    Set(epochRows, new()
                    {
                        ["run_id"] = runId,
                        ["epoch"] = (long)e,
                        ["start_ns"] = e * epochNs,
                        ["end_ns"] = (e + 1) * epochNs,
                        ["initiator"] = "cpu0",
                        ["target"] = target,
                        ["accesses"] = accesses,
                        ["bytes"] = accesses * 64,
                        ["hits"] = hits,
                        ["hit_bytes"] = hits * 64,
                        ["modeled_ns"] = accesses * (target == "fast" ? 80L : 300L),
                        ["resident_bytes"] = (long)(share * Math.Min(e + 1, 10) * (1L << 22)),
                    });
                }

                var migrations = policy == "first-touch" ? 0 : random.Next(6);
                for (var m = 0; m < migrations; m++)
                {
                    var outcome = m switch { 0 or 1 => "moved", 2 => "partial", 3 => "no_capacity", 4 => "pinned", _ => "denied" };
                    totals.Migrations++;
                    Set(migrationRows, new()
                    {
                        ["run_id"] = runId,
                        ["t_ns"] = (e * epochNs) + (m * 1000),
                        ["epoch"] = (long)e,
                        ["record_index"] = (e * 100L) + m,
                        ["pid"] = 1L,
                        ["range_start"] = 0x7f00_0000_0000L + (m << 21),
                        ["range_end"] = 0x7f00_0000_0000L + ((m + 1) << 21),
                        ["pages"] = 512L,
                        ["from_target"] = "slow",
                        ["to_target"] = "fast",
                        ["reason"] = "policy",
                        ["outcome"] = outcome,
                        ["pages_moved"] = outcome == "moved" ? 512L : 0L,
                        ["pages_failed"] = outcome == "moved" ? 0L : 512L,
                        ["cost_ns"] = 200_000L,
                        ["ping_pong"] = m == 1,
                    });
                }

                for (var r = 0; r < 8; r++)
                {
                    // Two processes; a gap between their halves so the address axis has to compress.
                    var pid = r < 6 ? 1L : 2L;
                    var start = 0x7f00_0000_0000L + (r << 21) + (r >= 3 ? 1L << 34 : 0);
                    var hot = ((e / 4) % 8) == r;
                    Set(rangeRows, new()
                    {
                        ["run_id"] = runId,
                        ["epoch"] = (long)e,
                        ["pid"] = pid,
                        ["range_start"] = start,
                        ["range_end"] = start + (1L << 21),
                        ["target"] = r % 2 == 0 ? "fast" : "slow",
                        ["epoch_accesses"] = hot ? 20_000L + random.Next(1000) : random.Next(200),
                        ["decayed_accesses"] = 0L,
                        ["last_access_ns"] = e * epochNs,
                        ["age_ns"] = e * epochNs,
                        ["migrations"] = 0L,
                    });
                }
            }

            var hitRate = (double)totals.Hits / totals.Accesses;
            var runsRow = new TableBatch(ResultTables.Runs, 1);
            Set(runsRow, new()
            {
                ["run_id"] = runId,
                ["trace"] = trace,
                ["trace_format"] = "hmst",
                ["trace_sha256"] = new string('a', 64),
                ["topology"] = "two-tier",
                ["topology_sha256"] = new string('b', 64),
                ["policy"] = policy,
                ["policy_sha256"] = (i % Policies.Length).ToString("x", CultureInfo.InvariantCulture).PadLeft(64, 'c'),
                ["parameters_json"] = parameters,
                ["seed"] = 1L,
                ["epoch_ns"] = epochNs,
                ["epoch_records"] = 0L,
                ["engine_version"] = "0.1.0",
                ["records"] = totals.Accesses,
                ["accesses"] = totals.Accesses,
                ["bytes"] = totals.Accesses * 64,
                ["hits"] = totals.Hits,
                ["hit_bytes"] = totals.Hits * 64,
                ["hit_rate"] = hitRate,
                ["byte_hit_rate"] = hitRate,
                ["modeled_ns"] = (long)(totals.Accesses * (300 - (220 * hitRate))),
                ["migrations_requested"] = totals.Migrations,
                ["migrations_moved"] = totals.Migrations / 2,
                ["bytes_migrated"] = totals.Migrations << 20,
                ["ping_pongs"] = totals.Migrations / 5,
                ["policy_faults"] = i == 3 ? 2L : 0L,
                ["first_policy_fault"] = i == 3 ? "out of fuel in OnTick" : null,
                ["epochs"] = (long)epochs,
            });
            WriteTable(sink, ResultTables.Runs, policy, trace, runId, runsRow);
            WriteTable(sink, ResultTables.Epochs, policy, trace, runId, epochRows);
            WriteTable(sink, ResultTables.Migrations, policy, trace, runId, migrationRows);
            WriteTable(sink, ResultTables.Ranges, policy, trace, runId, rangeRows);
        }
    }

    private static void WriteTable(ParquetResultSink sink, TableSchema schema, string policy, string trace, string runId, TableBatch batch)
    {
        using var writer = sink.Open(schema, DatasetPath.For(schema.Name, policy, trace, runId), []);
        writer.Write(batch);
        writer.Complete();
    }

    private static void Set(TableBatch batch, Dictionary<string, object?> values)
    {
        var row = batch.Row();
        for (var c = 0; c < batch.Schema.Columns.Count; c++)
        {
            var column = batch.Schema.Columns[c];
            values.TryGetValue(column.Name, out var value);
            switch (column.Type)
            {
                case ColumnType.Double:
                    batch.Set(row, c, value is double d ? d : 0.0);
                    break;
                case ColumnType.Boolean:
                    batch.Set(row, c, value is true);
                    break;
                case ColumnType.String:
                    if (value is null && column.Nullable)
                    {
                        batch.SetNull(row, c);
                    }
                    else
                    {
                        batch.Set(row, c, (string?)value ?? "");
                    }

                    break;
                default:
                    batch.Set(row, c, value is long l ? l : 0L);
                    break;
            }
        }
    }

    private sealed class Totals
    {
        public long Accesses { get; set; }

        public long Hits { get; set; }

        public long Migrations { get; set; }
    }
}
