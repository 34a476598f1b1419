using System.Globalization;
using HmsTrace.Parquet;

namespace HmsTrace.Replay.Results;

/// <summary>
/// Writes result tables as Parquet files under <see cref="Root"/>. Each file is written in
/// <c>&lt;root&gt;/.staging/</c> under a name that ends in <c>.partial</c> (outside every table's dataset
/// root, and matched by no <c>*.parquet</c> glob), then renamed into place on completion.
/// </summary>
public sealed class ParquetResultSink : IResultSink
{
    /// <summary>Creates a sink writing under <paramref name="root"/> (created when needed).</summary>
    public ParquetResultSink(string root, ParquetWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        Root = Path.GetFullPath(root);
        Options = options ?? ParquetWriterOptions.Default;
    }

    /// <summary>The dataset folder.</summary>
    public string Root { get; }

    /// <summary>Writer options (codec, page and row-group sizes); metadata is added per file.</summary>
    public ParquetWriterOptions Options { get; }

    /// <summary>The staging folder for files being written.</summary>
    public string StagingFolder => Path.Combine(Root, ".staging");

    /// <inheritdoc />
    public ITableWriter Open(TableSchema schema, string relativePath, IReadOnlyList<KeyValuePair<string, string>> metadata)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(relativePath);
        ArgumentNullException.ThrowIfNull(metadata);
        var final = Path.Combine(Root, relativePath);
        if (Directory.Exists(final))
        {
            throw InputException.In(final, "is a directory", "Remove it or choose another --out");
        }

        string staged;
        FileStream stream;
        try
        {
            staged = Path.Combine(StagingFolder, string.Create(CultureInfo.InvariantCulture, $"{StagingPrefix(relativePath)}{Environment.ProcessId}.{Guid.NewGuid():N}.partial"));
            stream = CreateStaged(staged);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw InputException.In(Root, $"cannot write results here: {e.Message}", "Choose a writable --out folder", e);
        }

        var keyValues = new List<KeyValuePair<string, string>>
        {
            new("hmstrace.table", schema.Name),
            new("hmstrace.schema_version", schema.Version.ToString(CultureInfo.InvariantCulture)),
        };
        keyValues.AddRange(metadata);
        var fields = new ParquetField[schema.Columns.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = Field(schema.Columns[i]);
        }

        var writer = ParquetWriter.Create(stream, new ParquetSchema(fields), Options with { KeyValueMetadata = keyValues });
        return new ParquetTableWriter(this, writer, stream, staged, final);
    }

    /// <summary>
    /// How the staged file names of <paramref name="relativePath"/> begin (the writing process id and a
    /// unique suffix follow), so that a resumed sweep can remove a killed run's leftovers.
    /// </summary>
    internal static string StagingPrefix(string relativePath) => relativePath.Replace('/', '~') + ".";

    private FileStream CreateStaged(string staged)
    {
        // Another writer (a thread, or another shard's process) removes the staging folder when it
        // finds it empty; between creating the folder and the file it may vanish, so try again.
        for (var attempt = 0; ; attempt++)
        {
            Directory.CreateDirectory(StagingFolder);
            try
            {
                return new FileStream(staged, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
            }
            catch (DirectoryNotFoundException) when (attempt < 100)
            {
            }
        }
    }

    private static ParquetField Field(ResultColumn column) => column.Type switch
    {
        ColumnType.Int64 => ParquetField.Int64(column.Name, column.Nullable, column.Sorted ? ParquetColumnEncoding.DeltaBinaryPacked : ParquetColumnEncoding.Dictionary),
        ColumnType.Int32 => ParquetField.Int32(column.Name, column.Nullable, column.Sorted ? ParquetColumnEncoding.DeltaBinaryPacked : ParquetColumnEncoding.Dictionary),
        ColumnType.Double => ParquetField.Double(column.Name, column.Nullable),
        ColumnType.Boolean => ParquetField.Boolean(column.Name, column.Nullable),
        _ => ParquetField.String(column.Name, column.Nullable),
    };

    private sealed class ParquetTableWriter(ParquetResultSink sink, ParquetWriter writer, FileStream stream, string staged, string final) : ITableWriter
    {
        private bool _done;

        // The file this run's earlier write left under the final name, moved aside by Complete.
        private string? _previous;

        public void Write(TableBatch batch)
        {
            ArgumentNullException.ThrowIfNull(batch);
            if (batch.Count == 0)
            {
                return;
            }

            using var group = writer.CreateRowGroup();
            var n = batch.Count;
            for (var c = 0; c < batch.Schema.Columns.Count; c++)
            {
                var column = batch.Column(c);
                var defined = column.Column.Nullable ? column.Defined(n) : default;
                switch (column.Column.Type)
                {
                    case ColumnType.Int64:
                        group.WriteColumn(c, column.Longs(n), defined);
                        break;
                    case ColumnType.Int32:
                        var ints = System.Buffers.ArrayPool<int>.Shared.Rent(n);
                        try
                        {
                            var longs = column.Longs(n);
                            for (var i = 0; i < n; i++)
                            {
                                ints[i] = checked((int)longs[i]);
                            }

                            group.WriteColumn(c, ints.AsSpan(0, n), defined);
                        }
                        finally
                        {
                            System.Buffers.ArrayPool<int>.Shared.Return(ints);
                        }

                        break;
                    case ColumnType.Double:
                        group.WriteColumn(c, column.Doubles(n), defined);
                        break;
                    case ColumnType.Boolean:
                        group.WriteColumn(c, column.Bools(n), defined);
                        break;
                    default:
                        group.WriteColumn(c, column.Strings(n));
                        break;
                }
            }
        }

        public void Complete()
        {
            writer.Dispose();
            stream.Flush(flushToDisk: true);
            stream.Dispose();
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(final)!);
                if (File.Exists(final))
                {
                    // The same run written before: kept aside until the whole run is in place, so
                    // that a run whose later table fails can be put back as it was (Retract).
                    _previous = staged + ".previous";
                    File.Move(final, _previous, overwrite: true);
                }

                File.Move(staged, final, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw InputException.In(final, $"cannot be moved into place: {e.Message}", "Check the --out folder", e);
            }

            _done = true;
            TryRemoveEmptyStaging();
        }

        public void Retract()
        {
            if (!_done)
            {
                return;
            }

            try
            {
                File.Delete(final);
                if (_previous is not null)
                {
                    File.Move(_previous, final);
                    _previous = null;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Best effort: the command fails either way, and says why.
            }

            _done = false;
            TryRemoveEmptyStaging();
        }

        public void Dispose()
        {
            if (_done)
            {
                if (_previous is not null)
                {
                    TryDelete(_previous);
                    _previous = null;
                    TryRemoveEmptyStaging();
                }

                return;
            }

            stream.Dispose();
            TryDelete(staged);
            TryRemoveEmptyStaging();
        }

        private static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A leftover (.partial or .previous) in .staging is never read as a result.
            }
        }

        private void TryRemoveEmptyStaging()
        {
            try
            {
                if (Directory.Exists(sink.StagingFolder) && Directory.GetFileSystemEntries(sink.StagingFolder).Length == 0)
                {
                    Directory.Delete(sink.StagingFolder);
                }
            }
            catch (IOException)
            {
                // Another writer is using it.
            }
        }
    }
}
