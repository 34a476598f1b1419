using HmsTrace.Parquet;
using HmsTrace.Replay.Results;

namespace HmsTrace.Report.Tests.Infrastructure;

/// <summary>
/// Rewrites a <c>runs</c> file as an older HmsTrace wrote it: runs schema 2, without the <c>max_regions</c> column
/// that schema 3 added. A dataset folder mixes the two when a newer HmsTrace writes into a folder an older one filled.
/// </summary>
internal static class OlderRunsFile
{
    private static readonly TableSchema Schema2 = ResultTables.Runs with
    {
        Version = 2,
        Columns = [.. ResultTables.Runs.Columns.Where(c => c.Name != "max_regions")],
    };

    /// <summary>Rewrites <paramref name="relativePath"/> (a runs file under <paramref name="root"/>) in place, every row and value kept.</summary>
    public static void Rewrite(string root, string relativePath)
    {
        TableBatch batch;
        KeyValuePair<string, string>[] metadata;
        using (var reader = ParquetReader.Open(File.OpenRead(Path.Combine(root, relativePath))))
        {
            Assert.That(reader.RowGroups, Has.Count.EqualTo(1), "a runs file has one row group");
            metadata = [.. reader.KeyValueMetadata.Where(kv => !kv.Key.StartsWith("hmstrace.", StringComparison.Ordinal)).Select(kv => KeyValuePair.Create(kv.Key, kv.Value ?? ""))];
            var rows = (int)reader.RowCount;
            batch = new TableBatch(Schema2, rows);
            for (var r = 0; r < rows; r++)
            {
                batch.Row();
            }

            for (var c = 0; c < Schema2.Columns.Count; c++)
            {
                var column = reader.Schema.IndexOf(Schema2.Columns[c].Name);
                switch (Schema2.Columns[c].Type)
                {
                    case ColumnType.Int64:
                        var longs = reader.ReadInt64(0, column).Values;
                        for (var r = 0; r < rows; r++)
                        {
                            batch.Set(r, c, longs[r]);
                        }

                        break;
                    case ColumnType.Double:
                        var doubles = reader.ReadDouble(0, column).Values;
                        for (var r = 0; r < rows; r++)
                        {
                            batch.Set(r, c, doubles[r]);
                        }

                        break;
                    case ColumnType.String:
                        var strings = reader.ReadString(0, column).Values;
                        for (var r = 0; r < rows; r++)
                        {
                            if (strings[r] is null)
                            {
                                batch.SetNull(r, c);
                            }
                            else
                            {
                                batch.Set(r, c, strings[r]);
                            }
                        }

                        break;
                    default:
                        throw new NotSupportedException($"runs has no {Schema2.Columns[c].Type} column");
                }
            }
        }

        using var writer = new ParquetResultSink(root).Open(Schema2, relativePath, metadata);
        writer.Write(batch);
        writer.Complete();
    }
}
