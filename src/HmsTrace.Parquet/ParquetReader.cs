using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using HmsTrace.Parquet.Format;
using HmsTrace.Parquet.Reading;
using HmsTrace.Parquet.Thrift;

namespace HmsTrace.Parquet;

/// <summary>
/// Reads a Parquet file with a flat schema: footer metadata on <see cref="Open"/>, column chunks on demand. Supports
/// PLAIN, PLAIN_DICTIONARY / RLE_DICTIONARY, DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY and
/// BYTE_STREAM_SPLIT, data pages v1 and v2, and UNCOMPRESSED / SNAPPY / GZIP. Malformed input raises
/// <see cref="ParquetFormatException"/> with the byte offset. Not thread-safe (it shares the stream).
/// </summary>
public sealed class ParquetReader : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly FileMetaData _meta;
    private readonly long _footerStart;

    private ParquetReader(Stream stream, bool leaveOpen, FileMetaData meta, ParquetSchema schema, long footerStart)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        _meta = meta;
        _footerStart = footerStart;
        Schema = schema;
        var kvs = new List<KeyValuePair<string, string?>>();
        if (meta.KeyValueMetadata is { } list)
        {
            kvs.AddRange(list);
        }

        KeyValueMetadata = kvs;
        var groups = new List<ParquetRowGroupInfo>(meta.RowGroups.Count);
        foreach (var rg in meta.RowGroups)
        {
            var cols = new List<ParquetColumnChunkInfo>(rg.Columns.Count);
            for (var i = 0; i < rg.Columns.Count; i++)
            {
                var md = rg.Columns[i].MetaData!;
                cols.Add(new ParquetColumnChunkInfo
                {
                    Name = schema[i].Name,
                    PhysicalType = schema[i].PhysicalType,
                    Compression = md.Codec,
                    Encodings = md.Encodings.ToArray(),
                    ValueCount = md.NumValues,
                    CompressedSize = md.TotalCompressedSize,
                    UncompressedSize = md.TotalUncompressedSize,
                    DictionaryPageOffset = md.DictionaryPageOffset,
                    DataPageOffset = md.DataPageOffset,
                    Statistics = md.Statistics is { } s ? new ParquetStatistics
                    {
                        NullCount = s.NullCount,
                        NanCount = s.NanCount,
                        DistinctCount = s.DistinctCount,
                        MinValue = s.MinValue ?? (SignedOrder(schema[i]) ? s.Min : null),
                        MaxValue = s.MaxValue ?? (SignedOrder(schema[i]) ? s.Max : null),
                    }
                    : null,
                });
            }

            groups.Add(new ParquetRowGroupInfo { RowCount = rg.NumRows, TotalByteSize = rg.TotalByteSize, Columns = cols });
        }

        RowGroups = groups;
    }

    /// <summary>The columns.</summary>
    public ParquetSchema Schema { get; }

    /// <summary>File-level key-value metadata in file order (values may be null).</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> KeyValueMetadata { get; }

    /// <summary>The writer's identity (FileMetaData.created_by), if recorded.</summary>
    public string? CreatedBy => _meta.CreatedBy;

    /// <summary>Rows in the file (FileMetaData.num_rows).</summary>
    public long RowCount => _meta.NumRows;

    /// <summary>Row groups in file order.</summary>
    public IReadOnlyList<ParquetRowGroupInfo> RowGroups { get; }

    /// <summary>Opens a file: checks both magics and decodes the footer.</summary>
    /// <param name="stream">A readable, seekable stream holding the whole file.</param>
    /// <param name="leaveOpen">Whether <see cref="Dispose"/> leaves the stream open.</param>
    /// <exception cref="ParquetFormatException">The file is not Parquet, is truncated or corrupt, or is not flat.</exception>
    public static ParquetReader Open(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead || !stream.CanSeek)
        {
            throw new ArgumentException("The stream must be readable and seekable.", nameof(stream));
        }

        var length = stream.Length;
        if (length < 12)
        {
            throw new ParquetFormatException(0, string.Create(CultureInfo.InvariantCulture,
                $"the file is {length} bytes, too short for Parquet (at least 12: magic, footer length, magic)"));
        }

        Span<byte> head = stackalloc byte[4];
        ReadExactly(stream, 0, head);
        if (!head.SequenceEqual("PAR1"u8))
        {
            throw new ParquetFormatException(0, "the file does not start with the Parquet magic \"PAR1\"");
        }

        Span<byte> tail = stackalloc byte[8];
        ReadExactly(stream, length - 8, tail);
        if (tail[4..].SequenceEqual("PARE"u8))
        {
            throw new ParquetFormatException(length - 4, "the footer is encrypted (magic \"PARE\"); encrypted files are not supported");
        }

        if (!tail[4..].SequenceEqual("PAR1"u8))
        {
            throw new ParquetFormatException(length - 4, "the file does not end with the Parquet magic \"PAR1\" (truncated or still being written?)");
        }

        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (footerLength <= 0 || footerLength > length - 12)
        {
            throw new ParquetFormatException(length - 8, string.Create(CultureInfo.InvariantCulture,
                $"footer length {footerLength} does not fit in a {length}-byte file"));
        }

        var footerStart = length - 8 - footerLength;
        var footer = new byte[footerLength];
        ReadExactly(stream, footerStart, footer);
        var meta = MetadataReader.ReadFileMetaData(new ThriftCompactReader(footer, 0, footerLength, footerStart));
        var schema = SchemaMapping.FromElements(meta.Schema, footerStart);
        Validate(meta, schema, footerStart);
        return new ParquetReader(stream, leaveOpen, meta, schema, footerStart);
    }

    private static void Validate(FileMetaData meta, ParquetSchema schema, long footerStart)
    {
        if (meta.NumRows < 0)
        {
            throw new ParquetFormatException(footerStart, "FileMetaData.num_rows is negative");
        }

        for (var g = 0; g < meta.RowGroups.Count; g++)
        {
            var rg = meta.RowGroups[g];
            if (rg.Columns.Count != schema.Count)
            {
                throw new ParquetFormatException(footerStart, string.Create(CultureInfo.InvariantCulture,
                    $"row group {g} has {rg.Columns.Count} column chunks for {schema.Count} columns"));
            }

            if (rg.NumRows > Array.MaxLength)
            {
                throw new ParquetFormatException(footerStart, string.Create(CultureInfo.InvariantCulture, $"row group {g} has {rg.NumRows} rows, more than this reader can hold"));
            }

            for (var c = 0; c < schema.Count; c++)
            {
                var md = rg.Columns[c].MetaData!;
                if (md.Type != (int)schema[c].PhysicalType)
                {
                    throw new ParquetFormatException(footerStart, string.Create(CultureInfo.InvariantCulture,
                        $"row group {g} column '{schema[c].Name}' has physical type {md.Type} but the schema says {(int)schema[c].PhysicalType}"));
                }

                var start = ChunkStart(md);
                if (start < 4 || md.TotalCompressedSize > footerStart - start || md.TotalCompressedSize > int.MaxValue)
                {
                    throw new ParquetFormatException(footerStart, string.Create(CultureInfo.InvariantCulture,
                        $"row group {g} column '{schema[c].Name}' claims bytes {start}..{start + md.TotalCompressedSize}, outside the data area 4..{footerStart}"));
                }

                if (md.NumValues != rg.NumRows)
                {
                    throw new ParquetFormatException(footerStart, string.Create(CultureInfo.InvariantCulture,
                        $"row group {g} column '{schema[c].Name}' has {md.NumValues} values for {rg.NumRows} rows"));
                }
            }
        }
    }

    private static long ChunkStart(ColumnMetaData md)
        => md.DictionaryPageOffset is { } d && d > 0 && d < md.DataPageOffset ? d : md.DataPageOffset;

    private static bool SignedOrder(ParquetField f)
        => f.PhysicalType is ParquetPhysicalType.Int32 or ParquetPhysicalType.Int64 && f.LogicalType is not { Kind: ParquetLogicalTypeKind.Integer, IsSigned: false };

    /// <summary>Reads a BOOLEAN column chunk.</summary>
    public ParquetColumnValues<bool> ReadBoolean(int rowGroup, int column)
    {
        var (field, d) = Decode(rowGroup, column, ParquetPhysicalType.Boolean);
        var values = new bool[d.RowCount];
        Scatter(d, (i, j) => values[i] = d.Fixed![j] != 0);
        return new(field, values, d.Defined);
    }

    /// <summary>Reads an INT32 column chunk.</summary>
    public ParquetColumnValues<int> ReadInt32(int rowGroup, int column)
    {
        var (field, d) = Decode(rowGroup, column, ParquetPhysicalType.Int32);
        var values = new int[d.RowCount];
        Scatter(d, (i, j) => values[i] = (int)d.Fixed![j]);
        return new(field, values, d.Defined);
    }

    /// <summary>Reads an INT64 column chunk (also TIMESTAMP columns).</summary>
    public ParquetColumnValues<long> ReadInt64(int rowGroup, int column)
    {
        var (field, d) = Decode(rowGroup, column, ParquetPhysicalType.Int64);
        long[] values;
        if (d.Defined is null)
        {
            values = d.Fixed!;
        }
        else
        {
            values = new long[d.RowCount];
            Scatter(d, (i, j) => values[i] = d.Fixed![j]);
        }

        return new(field, values, d.Defined);
    }

    /// <summary>Reads a DOUBLE column chunk.</summary>
    public ParquetColumnValues<double> ReadDouble(int rowGroup, int column)
    {
        var (field, d) = Decode(rowGroup, column, ParquetPhysicalType.Double);
        var values = new double[d.RowCount];
        Scatter(d, (i, j) => values[i] = BitConverter.Int64BitsToDouble(d.Fixed![j]));
        return new(field, values, d.Defined);
    }

    /// <summary>Reads a BYTE_ARRAY column chunk as UTF-8 strings (null for null rows).</summary>
    /// <exception cref="ParquetFormatException">A value is not valid UTF-8.</exception>
    public ParquetColumnValues<string?> ReadString(int rowGroup, int column)
    {
        var (field, d) = Decode(rowGroup, column, ParquetPhysicalType.ByteArray);
        var values = new string?[d.RowCount];
        var data = d.Data!;
        var offsets = d.Offsets!;
        string? previous = null;
        int prevStart = -1, prevLength = -1;
        try
        {
            Scatter(d, (i, j) =>
            {
                var start = offsets[j];
                var length = offsets[j + 1] - start;
                // Consecutive equal values (dictionary-encoded columns) share one string instance.
                if (previous is null || length != prevLength || !data.AsSpan(start, length).SequenceEqual(data.AsSpan(prevStart, prevLength)))
                {
                    previous = StrictUtf8.GetString(data, start, length);
                    prevStart = start;
                    prevLength = length;
                }

                values[i] = previous;
            });
        }
        catch (DecoderFallbackException e)
        {
            throw new ParquetFormatException(ChunkStart(_meta.RowGroups[rowGroup].Columns[column].MetaData!), $"column '{field.Name}' holds a value that is not valid UTF-8", e);
        }

        return new(field, values, d.Defined);
    }

    /// <summary>Reads a BYTE_ARRAY column chunk as byte arrays (null for null rows).</summary>
    public ParquetColumnValues<byte[]?> ReadBinary(int rowGroup, int column)
    {
        var (field, d) = Decode(rowGroup, column, ParquetPhysicalType.ByteArray);
        var values = new byte[]?[d.RowCount];
        Scatter(d, (i, j) => values[i] = d.Data.AsSpan(d.Offsets![j], d.Offsets[j + 1] - d.Offsets[j]).ToArray());
        return new(field, values, d.Defined);
    }

    private static void Scatter(DecodedColumn d, Action<int, int> set)
    {
        if (d.Defined is null)
        {
            for (var i = 0; i < d.RowCount; i++)
            {
                set(i, i);
            }

            return;
        }

        var j = 0;
        for (var i = 0; i < d.RowCount; i++)
        {
            if (d.Defined[i])
            {
                set(i, j++);
            }
        }
    }

    private (ParquetField Field, DecodedColumn Column) Decode(int rowGroup, int column, ParquetPhysicalType expected)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowGroup);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rowGroup, _meta.RowGroups.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, Schema.Count);
        var field = Schema[column];
        if (field.PhysicalType != expected)
        {
            throw new InvalidOperationException($"Column '{field.Name}' is {field.PhysicalType}, not {expected}.");
        }

        var rg = _meta.RowGroups[rowGroup];
        var md = rg.Columns[column].MetaData!;
        var start = ChunkStart(md);
        var chunk = new byte[md.TotalCompressedSize];
        ReadExactly(_stream, start, chunk);
        return (field, ColumnChunkDecoder.Decode(chunk, start, md, field, (int)rg.NumRows));
    }

    private static void ReadExactly(Stream stream, long offset, Span<byte> buffer)
    {
        stream.Position = offset;
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer[total..]);
            if (n == 0)
            {
                throw new ParquetFormatException(offset + total, "unexpected end of file");
            }

            total += n;
        }
    }

    /// <summary>Closes the stream unless it was opened with leaveOpen.</summary>
    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
}
