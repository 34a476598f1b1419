using HmsTrace.Parquet.Buffers;
using HmsTrace.Parquet.Format;
using HmsTrace.Parquet.Thrift;
using HmsTrace.Parquet.Writing;

namespace HmsTrace.Parquet;

/// <summary>
/// Writes a Parquet file (flat schema, data page v1) to a stream: row group by row group, column chunk by column
/// chunk; <see cref="Dispose"/> writes the footer. The same rows and options always give the same bytes.
/// Not thread-safe; one row group is open at a time. The stream need not be seekable and is left open.
/// </summary>
/// <example>
/// <code>
/// using (var writer = ParquetWriter.Create(stream, schema))
/// using (var rg = writer.CreateRowGroup())
/// {
///     rg.WriteColumn(0, tNs);
///     rg.WriteColumn(1, names);
/// }
/// </code>
/// </example>
public sealed class ParquetWriter : IDisposable
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray(); // the file starts and ends with "PAR1"
    private readonly Stream _stream;
    private readonly List<RowGroup> _rowGroups = [];
    private ParquetRowGroupWriter? _open;
    private long _position;
    private long _rowCount;
    private bool _disposed;

    private ParquetWriter(Stream stream, ParquetSchema schema, ParquetWriterOptions options)
    {
        _stream = stream;
        Schema = schema;
        Options = options;
        Encoder = new ColumnChunkEncoder(options);
        WriteRaw(Magic);
    }

    /// <summary>The schema every row group follows.</summary>
    public ParquetSchema Schema { get; }

    /// <summary>The options in force.</summary>
    public ParquetWriterOptions Options { get; }

    /// <summary>Rows in completed row groups.</summary>
    public long RowCount => _rowCount;

    /// <summary>Bytes written to the stream so far.</summary>
    public long BytesWritten => _position;

    internal ColumnChunkEncoder Encoder { get; }

    /// <summary>Starts a file on <paramref name="stream"/> (writes the leading magic at once).</summary>
    /// <param name="stream">A writable stream, positioned where the file starts; the writer does not close it.</param>
    /// <param name="schema">The columns.</param>
    /// <param name="options">Options, or null for <see cref="ParquetWriterOptions.Default"/>.</param>
    public static ParquetWriter Create(Stream stream, ParquetSchema schema, ParquetWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(schema);
        options ??= ParquetWriterOptions.Default;
        options.Validate();
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream is not writable.", nameof(stream));
        }

        return new ParquetWriter(stream, schema, options);
    }

    /// <summary>
    /// Opens the next row group. Write every column once with the same row count, then dispose the row group writer
    /// (which writes it). A row group with no rows is not written.
    /// </summary>
    public ParquetRowGroupWriter CreateRowGroup()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_open is not null)
        {
            throw new InvalidOperationException("Dispose the open row group before creating the next one.");
        }

        if (_rowGroups.Count >= short.MaxValue)
        {
            throw new InvalidOperationException("A file holds at most 32767 row groups; use larger row groups or more files.");
        }

        _open = new ParquetRowGroupWriter(this);
        return _open;
    }

    internal void CompleteRowGroup(EncodedColumnChunk?[] chunks, int rowCount)
    {
        _open = null;
        if (rowCount == 0)
        {
            return;
        }

        var rg = new RowGroup { NumRows = rowCount, FileOffset = _position, Ordinal = (short)_rowGroups.Count };
        long totalUncompressed = 0, totalCompressed = 0;
        foreach (var chunk in chunks)
        {
            chunk!.Relocate(_position);
            WriteRaw(chunk.Bytes.WrittenSpan);
            totalUncompressed += chunk.MetaData.TotalUncompressedSize;
            totalCompressed += chunk.MetaData.TotalCompressedSize;
            rg.Columns.Add(new ColumnChunk { FileOffset = 0, MetaData = chunk.MetaData });
        }

        rg.TotalByteSize = totalUncompressed;
        rg.TotalCompressedSize = totalCompressed;
        _rowGroups.Add(rg);
        _rowCount += rowCount;
    }

    internal void AbandonRowGroup() => _open = null;

    private void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        _stream.Write(bytes);
        _position += bytes.Length;
    }

    /// <summary>Completes any open row group, writes the footer and flushes the stream (which stays open).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _open?.Dispose();
        _disposed = true;
        var meta = new FileMetaData
        {
            Version = 1,
            Schema = SchemaMapping.ToElements(Schema),
            NumRows = _rowCount,
            RowGroups = _rowGroups,
            CreatedBy = Options.CreatedBy,
            ColumnOrderCount = Schema.Count,
        };
        if (Options.KeyValueMetadata.Count > 0)
        {
            meta.KeyValueMetadata = [];
            foreach (var kv in Options.KeyValueMetadata)
            {
                meta.KeyValueMetadata.Add(new(kv.Key, kv.Value));
            }
        }

        using var footer = new ByteBuffer(4096);
        MetadataWriter.Write(new ThriftCompactWriter(footer), meta);
        WriteRaw(footer.WrittenSpan);
        Span<byte> tail = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(tail, footer.Length); // footer length, then "PAR1"
        Magic.CopyTo(tail[4..]);
        WriteRaw(tail);
        _stream.Flush();
        Encoder.Dispose();
    }
}
