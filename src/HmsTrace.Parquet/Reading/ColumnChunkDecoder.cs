using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using HmsTrace.Parquet.Buffers;
using HmsTrace.Parquet.Compression;
using HmsTrace.Parquet.Encodings;
using HmsTrace.Parquet.Format;
using HmsTrace.Parquet.Thrift;

namespace HmsTrace.Parquet.Reading;

/// <summary>
/// Decodes the pages of one flat column chunk (dictionary page, data pages v1 and v2) with every length, count and
/// index checked; problems raise <see cref="ParquetFormatException"/> naming the page's file offset.
/// </summary>
internal static class ColumnChunkDecoder
{
    private const int MaxPageSize = 1 << 30;

    private sealed class State
    {
        public required ParquetField Field { get; init; }
        public required ParquetCompression Codec { get; init; }
        public required int Rows { get; init; }
        public int[]? DefLevels { get; init; }
        public long[]? Fixed { get; init; }
        public ByteBuffer? Data { get; init; }
        public int[]? Offsets { get; init; }
        public int RowsDone { get; set; }
        public int ValuesDone { get; set; }
        public long[]? DictFixed { get; set; }
        public byte[]? DictData { get; set; }
        public int[]? DictOffsets { get; set; }
        public int DictCount { get; set; }
        public bool HasDictionary { get; set; }
    }

    public static DecodedColumn Decode(byte[] chunk, long chunkFileOffset, ColumnMetaData md, ParquetField field, int rows)
    {
        var isBytes = field.PhysicalType == ParquetPhysicalType.ByteArray;
        var state = new State
        {
            Field = field,
            Codec = md.Codec,
            Rows = rows,
            DefLevels = field.IsOptional ? new int[rows] : null,
            Fixed = isBytes ? null : new long[rows],
            Data = isBytes ? new ByteBuffer(Math.Max(256, Math.Min(chunk.Length * 2, 1 << 24))) : null,
            Offsets = isBytes ? new int[rows + 1] : null,
        };
        try
        {
            var pos = 0;
            while (state.RowsDone < rows)
            {
                if (pos >= chunk.Length)
                {
                    throw new ParquetFormatException(chunkFileOffset + pos, string.Create(CultureInfo.InvariantCulture,
                        $"column '{field.Name}' ends after {state.RowsDone} of {rows} values"));
                }

                var headerOffset = chunkFileOffset + pos;
                var reader = new ThriftCompactReader(chunk, pos, chunk.Length - pos, headerOffset);
                var header = MetadataReader.ReadPageHeader(reader);
                pos = reader.Position;
                var bodyOffset = chunkFileOffset + pos;
                if (header.CompressedPageSize > chunk.Length - pos)
                {
                    throw new ParquetFormatException(headerOffset, string.Create(CultureInfo.InvariantCulture,
                        $"page of {header.CompressedPageSize} bytes runs past the end of column chunk '{field.Name}'"));
                }

                if (header.UncompressedPageSize > MaxPageSize)
                {
                    throw new ParquetFormatException(headerOffset, "page claims more than 1 GiB uncompressed");
                }

                var body = chunk.AsSpan(pos, header.CompressedPageSize);
                CheckPlausibleSize(md.Codec, header, body, headerOffset);
                pos += header.CompressedPageSize;
                switch (header.Type)
                {
                    case PageType.DictionaryPage:
                        ReadDictionaryPage(state, header, body, headerOffset, bodyOffset);
                        break;
                    case PageType.DataPage:
                        ReadDataPageV1(state, header, body, headerOffset, bodyOffset);
                        break;
                    case PageType.DataPageV2:
                        ReadDataPageV2(state, header, body, headerOffset, bodyOffset);
                        break;
                    default:
                        break; // index pages and unknown page types are skipped
                }
            }

            bool[]? defined = null;
            if (state.DefLevels is { } levels)
            {
                defined = new bool[rows];
                for (var i = 0; i < rows; i++)
                {
                    defined[i] = levels[i] != 0;
                }
            }

            return new DecodedColumn
            {
                RowCount = rows,
                Defined = defined,
                ValueCount = state.ValuesDone,
                Fixed = state.Fixed,
                Data = state.Data?.ToArray(),
                Offsets = state.Offsets,
            };
        }
        finally
        {
            state.Data?.Dispose();
        }
    }

    private static void ReadDictionaryPage(State s, PageHeader header, ReadOnlySpan<byte> body, long headerOffset, long bodyOffset)
    {
        var h = header.DictionaryPageHeader ?? throw new ParquetFormatException(headerOffset, "dictionary page lacks its DictionaryPageHeader");
        if (s.HasDictionary || s.RowsDone > 0)
        {
            throw new ParquetFormatException(headerOffset, "a dictionary page must come first and only once in a column chunk");
        }

        if (h.Encoding is not (ParquetEncoding.Plain or ParquetEncoding.PlainDictionary))
        {
            throw new ParquetFormatException(headerOffset, $"dictionary page encoding {h.Encoding} is not supported");
        }

        var page = ArrayPool<byte>.Shared.Rent(Math.Max(1, header.UncompressedPageSize));
        try
        {
            var data = page.AsSpan(0, header.UncompressedPageSize);
            PageCompression.Decompress(s.Codec, body, data, bodyOffset);
            var n = h.NumValues;
            if (n > ((long)data.Length * 8) + 8)
            {
                throw new ParquetFormatException(headerOffset, string.Create(CultureInfo.InvariantCulture,
                    $"dictionary page claims {n} values in {data.Length} bytes"));
            }

            if (s.Field.PhysicalType == ParquetPhysicalType.ByteArray)
            {
                var offsets = new int[n + 1];
                using var arena = new ByteBuffer(Math.Max(16, data.Length));
                DecodePlainBytes(data, n, arena, offsets, 0, bodyOffset, out _);
                s.DictData = arena.ToArray();
                s.DictOffsets = offsets;
            }
            else
            {
                var values = new long[n];
                DecodePlainFixed(s.Field.PhysicalType, data, values, bodyOffset);
                s.DictFixed = values;
            }

            s.DictCount = n;
            s.HasDictionary = true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(page);
        }
    }

    private static void ReadDataPageV1(State s, PageHeader header, ReadOnlySpan<byte> body, long headerOffset, long bodyOffset)
    {
        var h = header.DataPageHeader ?? throw new ParquetFormatException(headerOffset, "data page lacks its DataPageHeader");
        var n = CheckRows(s, h.NumValues, headerOffset);
        var page = ArrayPool<byte>.Shared.Rent(Math.Max(1, header.UncompressedPageSize));
        try
        {
            var data = page.AsSpan(0, header.UncompressedPageSize);
            PageCompression.Decompress(s.Codec, body, data, bodyOffset);
            var p = 0;
            var nonNull = n;
            if (s.DefLevels is { } levels)
            {
                if (h.DefinitionLevelEncoding != ParquetEncoding.Rle)
                {
                    throw new ParquetFormatException(headerOffset, $"definition level encoding {h.DefinitionLevelEncoding} is not supported (only RLE)");
                }

                if (data.Length < 4)
                {
                    throw new ParquetFormatException(bodyOffset, "data page is too short for its definition levels");
                }

                var len = BinaryPrimitives.ReadInt32LittleEndian(data);
                if (len < 0 || len > data.Length - 4)
                {
                    throw new ParquetFormatException(bodyOffset, string.Create(CultureInfo.InvariantCulture,
                        $"definition levels claim {len} bytes of a {data.Length}-byte page"));
                }

                nonNull = DecodeLevels(data.Slice(4, len), levels.AsSpan(s.RowsDone, n), bodyOffset);
                p = 4 + len;
            }

            DecodeValues(s, h.Encoding, data[p..], nonNull, bodyOffset);
            s.RowsDone += n;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(page);
        }
    }

    private static void ReadDataPageV2(State s, PageHeader header, ReadOnlySpan<byte> body, long headerOffset, long bodyOffset)
    {
        var h = header.DataPageHeaderV2 ?? throw new ParquetFormatException(headerOffset, "data page v2 lacks its DataPageHeaderV2");
        var n = CheckRows(s, h.NumValues, headerOffset);
        var levelBytes = (long)h.RepetitionLevelsByteLength + h.DefinitionLevelsByteLength;
        if (levelBytes > body.Length || levelBytes > header.UncompressedPageSize)
        {
            throw new ParquetFormatException(headerOffset, "data page v2 level lengths exceed the page");
        }

        var nonNull = n - h.NumNulls;
        if (s.DefLevels is { } levels)
        {
            var defBytes = body.Slice(h.RepetitionLevelsByteLength, h.DefinitionLevelsByteLength);
            var counted = DecodeLevels(defBytes, levels.AsSpan(s.RowsDone, n), bodyOffset);
            if (counted != nonNull)
            {
                throw new ParquetFormatException(headerOffset, string.Create(CultureInfo.InvariantCulture,
                    $"data page v2 says {h.NumNulls} nulls but its definition levels hold {n - counted}"));
            }
        }
        else if (h.NumNulls != 0)
        {
            throw new ParquetFormatException(headerOffset, $"data page v2 of required column '{s.Field.Name}' has nulls");
        }

        var valuesCompressed = body[(int)levelBytes..];
        var valuesLength = header.UncompressedPageSize - (int)levelBytes;
        var valuesOffset = bodyOffset + levelBytes;
        if (!h.IsCompressed || s.Codec == ParquetCompression.Uncompressed)
        {
            if (valuesCompressed.Length != valuesLength)
            {
                throw new ParquetFormatException(headerOffset, "data page v2 sizes disagree for an uncompressed page");
            }

            DecodeValues(s, h.Encoding, valuesCompressed, nonNull, valuesOffset);
        }
        else
        {
            var page = ArrayPool<byte>.Shared.Rent(Math.Max(1, valuesLength));
            try
            {
                var data = page.AsSpan(0, valuesLength);
                PageCompression.Decompress(s.Codec, valuesCompressed, data, valuesOffset);
                DecodeValues(s, h.Encoding, data, nonNull, valuesOffset);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(page);
            }
        }

        s.RowsDone += n;
    }

    /// <summary>Rejects size claims no codec can produce before any buffer is allocated for them.</summary>
    private static void CheckPlausibleSize(ParquetCompression codec, PageHeader header, ReadOnlySpan<byte> body, long headerOffset)
    {
        var compressed = (long)header.CompressedPageSize;
        var limit = codec switch
        {
            ParquetCompression.Uncompressed => compressed,
            ParquetCompression.Snappy => (compressed * 22) + 64, // a 3-byte copy element yields at most 64 bytes
            _ => (compressed * 1100) + 1024, // DEFLATE expands at most ~1032:1
        };
        if (header.Type is PageType.DataPage or PageType.DictionaryPage && header.UncompressedPageSize > limit)
        {
            throw new ParquetFormatException(headerOffset, string.Create(CultureInfo.InvariantCulture,
                $"page claims {header.UncompressedPageSize} uncompressed bytes from {compressed} {PageCompression.CodecName(codec)} bytes, which is impossible"));
        }
    }

    private static int CheckRows(State s, int n, long headerOffset)
    {
        if (n < 0 || n > s.Rows - s.RowsDone)
        {
            throw new ParquetFormatException(headerOffset, string.Create(CultureInfo.InvariantCulture,
                $"data page holds {n} values but column '{s.Field.Name}' has only {s.Rows - s.RowsDone} rows left"));
        }

        return n;
    }

    /// <summary>Decodes bit-width-1 definition levels; returns how many are 1 (non-null).</summary>
    private static int DecodeLevels(ReadOnlySpan<byte> src, Span<int> levels, long offset)
    {
        RleHybridDecoder.Decode(src, 1, levels, offset);
        var nonNull = 0;
        foreach (var l in levels)
        {
            if (l > 1)
            {
                throw new ParquetFormatException(offset, string.Create(CultureInfo.InvariantCulture, $"definition level {l} exceeds the maximum 1 of a flat column"));
            }

            nonNull += l;
        }

        return nonNull;
    }

    private static void DecodeValues(State s, ParquetEncoding encoding, ReadOnlySpan<byte> src, int count, long offset)
    {
        var type = s.Field.PhysicalType;
        var start = s.ValuesDone;
        switch (encoding)
        {
            case ParquetEncoding.Plain when type == ParquetPhysicalType.ByteArray:
                DecodePlainBytes(src, count, s.Data!, s.Offsets!, start, offset, out _);
                break;
            case ParquetEncoding.Plain:
                DecodePlainFixed(type, src, s.Fixed.AsSpan(start, count), offset);
                break;
            case ParquetEncoding.PlainDictionary:
            case ParquetEncoding.RleDictionary:
                DecodeDictionaryIndices(s, src, count, offset);
                break;
            case ParquetEncoding.DeltaBinaryPacked when type is ParquetPhysicalType.Int32 or ParquetPhysicalType.Int64:
                DeltaBinaryPackedDecoder.Decode(src, s.Fixed.AsSpan(start, count), type == ParquetPhysicalType.Int32, offset);
                break;
            case ParquetEncoding.DeltaLengthByteArray when type == ParquetPhysicalType.ByteArray:
                DecodeDeltaLengthByteArray(src, count, s.Data!, s.Offsets!, start, offset);
                break;
            case ParquetEncoding.DeltaByteArray when type == ParquetPhysicalType.ByteArray:
                DecodeDeltaByteArray(src, count, s.Data!, s.Offsets!, start, offset);
                break;
            case ParquetEncoding.ByteStreamSplit when type is ParquetPhysicalType.Int32 or ParquetPhysicalType.Int64 or ParquetPhysicalType.Double:
                DecodeByteStreamSplit(type, src, s.Fixed.AsSpan(start, count), offset);
                break;
            case ParquetEncoding.Rle when type == ParquetPhysicalType.Boolean:
                {
                    if (src.Length < 4)
                    {
                        throw new ParquetFormatException(offset, "RLE boolean data lacks its length prefix");
                    }

                    var len = BinaryPrimitives.ReadInt32LittleEndian(src);
                    if (len < 0 || len > src.Length - 4)
                    {
                        throw new ParquetFormatException(offset, "RLE boolean data length exceeds the page");
                    }

                    var tmp = ArrayPool<int>.Shared.Rent(Math.Max(1, count));
                    try
                    {
                        RleHybridDecoder.Decode(src.Slice(4, len), 1, tmp.AsSpan(0, count), offset);
                        var dst = s.Fixed.AsSpan(start, count);
                        for (var i = 0; i < count; i++)
                        {
                            dst[i] = tmp[i] & 1;
                        }
                    }
                    finally
                    {
                        ArrayPool<int>.Shared.Return(tmp);
                    }

                    break;
                }

            default:
                throw new ParquetFormatException(offset, $"encoding {encoding} is not supported for {type} column '{s.Field.Name}'");
        }

        s.ValuesDone += count;
    }

    private static void DecodePlainFixed(ParquetPhysicalType type, ReadOnlySpan<byte> src, Span<long> dst, long offset)
    {
        var count = dst.Length;
        switch (type)
        {
            case ParquetPhysicalType.Boolean:
                if (src.Length < (count + 7) / 8)
                {
                    throw Short(offset, "PLAIN BOOLEAN", count);
                }

                for (var i = 0; i < count; i++)
                {
                    dst[i] = (src[i >> 3] >> (i & 7)) & 1;
                }

                break;
            case ParquetPhysicalType.Int32:
                if (src.Length < (long)count * 4)
                {
                    throw Short(offset, "PLAIN INT32", count);
                }

                for (var i = 0; i < count; i++)
                {
                    dst[i] = BinaryPrimitives.ReadInt32LittleEndian(src[(i * 4)..]);
                }

                break;
            default:
                if (src.Length < (long)count * 8)
                {
                    throw Short(offset, "PLAIN " + type.ToString().ToUpperInvariant(), count);
                }

                for (var i = 0; i < count; i++)
                {
                    dst[i] = BinaryPrimitives.ReadInt64LittleEndian(src[(i * 8)..]);
                }

                break;
        }
    }

    private static void DecodePlainBytes(ReadOnlySpan<byte> src, int count, ByteBuffer data, int[] offsets, int start, long offset, out int consumed)
    {
        var p = 0;
        offsets[start] = data.Length;
        for (var i = 0; i < count; i++)
        {
            if (src.Length - p < 4)
            {
                throw Short(offset, "PLAIN BYTE_ARRAY", count);
            }

            var len = BinaryPrimitives.ReadInt32LittleEndian(src[p..]);
            p += 4;
            if (len < 0 || len > src.Length - p)
            {
                throw new ParquetFormatException(offset, string.Create(CultureInfo.InvariantCulture,
                    $"PLAIN BYTE_ARRAY value {i} claims {len} bytes but the page has {src.Length - p} left"));
            }

            data.Write(src.Slice(p, len));
            p += len;
            offsets[start + i + 1] = data.Length;
        }

        consumed = p;
    }

    private static void DecodeDictionaryIndices(State s, ReadOnlySpan<byte> src, int count, long offset)
    {
        if (!s.HasDictionary)
        {
            throw new ParquetFormatException(offset, $"dictionary-encoded page in column '{s.Field.Name}' without a dictionary page");
        }

        if (count == 0)
        {
            return;
        }

        if (src.Length < 1)
        {
            throw new ParquetFormatException(offset, "dictionary-encoded page lacks its bit width byte");
        }

        var indices = ArrayPool<int>.Shared.Rent(count);
        try
        {
            RleHybridDecoder.Decode(src[1..], src[0], indices.AsSpan(0, count), offset);
            var start = s.ValuesDone;
            if (s.DictFixed is { } dict)
            {
                var dst = s.Fixed.AsSpan(start, count);
                for (var i = 0; i < count; i++)
                {
                    var idx = indices[i];
                    if ((uint)idx >= (uint)dict.Length)
                    {
                        throw BadIndex(offset, idx, dict.Length);
                    }

                    dst[i] = dict[idx];
                }
            }
            else
            {
                var dictData = s.DictData!;
                var dictOffsets = s.DictOffsets!;
                var data = s.Data!;
                var offsets = s.Offsets!;
                for (var i = 0; i < count; i++)
                {
                    var idx = indices[i];
                    if ((uint)idx >= (uint)s.DictCount)
                    {
                        throw BadIndex(offset, idx, s.DictCount);
                    }

                    data.Write(dictData.AsSpan(dictOffsets[idx], dictOffsets[idx + 1] - dictOffsets[idx]));
                    offsets[start + i + 1] = data.Length;
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(indices);
        }
    }

    private static void DecodeDeltaLengthByteArray(ReadOnlySpan<byte> src, int count, ByteBuffer data, int[] offsets, int start, long offset)
    {
        var lengths = new long[count];
        var p = DeltaBinaryPackedDecoder.Decode(src, lengths, true, offset);
        for (var i = 0; i < count; i++)
        {
            var len = lengths[i];
            if (len < 0 || len > src.Length - p)
            {
                throw new ParquetFormatException(offset, string.Create(CultureInfo.InvariantCulture, $"DELTA_LENGTH_BYTE_ARRAY value {i} has an invalid length {len}"));
            }

            data.Write(src.Slice(p, (int)len));
            p += (int)len;
            offsets[start + i + 1] = data.Length;
        }
    }

    private static void DecodeDeltaByteArray(ReadOnlySpan<byte> src, int count, ByteBuffer data, int[] offsets, int start, long offset)
    {
        var prefixes = new long[count];
        var p = DeltaBinaryPackedDecoder.Decode(src, prefixes, true, offset);
        var suffixLengths = new long[count];
        p += DeltaBinaryPackedDecoder.Decode(src[p..], suffixLengths, true, offset);
        var previousStart = -1;
        var previousLength = 0;
        for (var i = 0; i < count; i++)
        {
            var prefix = prefixes[i];
            var len = suffixLengths[i];
            if (prefix < 0 || prefix > previousLength || len < 0 || len > src.Length - p)
            {
                throw new ParquetFormatException(offset, string.Create(CultureInfo.InvariantCulture, $"DELTA_BYTE_ARRAY value {i} has an invalid prefix {prefix} or suffix length {len}"));
            }

            var valueStart = data.Length;
            if (prefix > 0)
            {
                var copy = data.WrittenSpan.Slice(previousStart, (int)prefix).ToArray();
                data.Write(copy);
            }

            data.Write(src.Slice(p, (int)len));
            p += (int)len;
            offsets[start + i + 1] = data.Length;
            previousStart = valueStart;
            previousLength = data.Length - valueStart;
        }
    }

    private static void DecodeByteStreamSplit(ParquetPhysicalType type, ReadOnlySpan<byte> src, Span<long> dst, long offset)
    {
        var width = type == ParquetPhysicalType.Int32 ? 4 : 8;
        var count = dst.Length;
        if (src.Length < (long)count * width)
        {
            throw Short(offset, "BYTE_STREAM_SPLIT", count);
        }

        Span<byte> value = stackalloc byte[8];
        for (var i = 0; i < count; i++)
        {
            for (var k = 0; k < width; k++)
            {
                value[k] = src[(k * count) + i];
            }

            dst[i] = width == 4 ? BinaryPrimitives.ReadInt32LittleEndian(value) : BinaryPrimitives.ReadInt64LittleEndian(value);
        }
    }

    private static ParquetFormatException Short(long offset, string what, int count)
        => new(offset, string.Create(CultureInfo.InvariantCulture, $"{what} data is too short for {count} values"));

    private static ParquetFormatException BadIndex(long offset, int index, int size)
        => new(offset, string.Create(CultureInfo.InvariantCulture, $"dictionary index {index} is out of range (dictionary has {size} entries)"));
}
