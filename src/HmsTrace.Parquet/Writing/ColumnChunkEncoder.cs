using System.Buffers;
using System.Buffers.Binary;
using HmsTrace.Parquet.Buffers;
using HmsTrace.Parquet.Compression;
using HmsTrace.Parquet.Encodings;
using HmsTrace.Parquet.Format;
using HmsTrace.Parquet.Thrift;

namespace HmsTrace.Parquet.Writing;

/// <summary>
/// Encodes one column chunk: splits its rows into v1 data pages of about <see cref="ParquetWriterOptions.DataPageSizeBytes"/>,
/// writes definition levels (RLE hybrid, 4-byte length prefix) for optional columns, chooses dictionary / PLAIN /
/// DELTA_BINARY_PACKED per page, compresses, and collects statistics. Dictionary encoding is abandoned for the whole
/// chunk when the first page shows it does not pay off, and for the rest of the chunk once the dictionary exceeds its
/// size limit. Scratch buffers are reused between chunks. Mutable, not thread-safe.
/// </summary>
internal sealed class ColumnChunkEncoder : IDisposable
{
    private readonly ParquetWriterOptions _options;
    private readonly ByteBuffer _page = new(1 << 16);
    private readonly ByteBuffer _compressed = new(1 << 16);
    private readonly ByteBuffer _header = new(256);
    private readonly ThriftCompactWriter _headerWriter;
    private readonly Int64Dictionary _int64Dictionary = new();
    private readonly ByteArrayDictionary _byteDictionary = new();
    private readonly Dictionary<(PageType, ParquetEncoding), int> _encodingCounts = [];

    public ColumnChunkEncoder(ParquetWriterOptions options)
    {
        _options = options;
        _headerWriter = new ThriftCompactWriter(_header);
    }

    public EncodedColumnChunk EncodeFixed(ParquetField field, int rowCount, ReadOnlySpan<int> defLevels, ReadOnlyMemory<long> values)
    {
        _int64Dictionary.Clear();
        var v = new FixedChunkValues(values, field, _int64Dictionary);
        return Encode(ref v, field, rowCount, defLevels);
    }

    public EncodedColumnChunk EncodeByteArrays(ParquetField field, int rowCount, ReadOnlySpan<int> defLevels, ReadOnlyMemory<byte> data, ReadOnlyMemory<int> offsets)
    {
        _byteDictionary.Clear();
        var v = new ByteArrayChunkValues(data, offsets, _byteDictionary);
        return Encode(ref v, field, rowCount, defLevels);
    }

    private enum PageMode
    {
        Plain,
        Dictionary,
        Delta,
    }

    private EncodedColumnChunk Encode<T>(ref T values, ParquetField field, int rowCount, ReadOnlySpan<int> defLevels)
        where T : struct, IChunkValues
    {
        _encodingCounts.Clear();
        var optional = field.IsOptional;
        var dictionaryActive = field.Encoding == ParquetColumnEncoding.Dictionary
            && field.PhysicalType != ParquetPhysicalType.Boolean
            && _options.DictionarySizeLimitBytes > 0
            && values.Count > 0;
        var fallbackMode = field.Encoding == ParquetColumnEncoding.DeltaBinaryPacked ? PageMode.Delta : PageMode.Plain;
        var pages = new ByteBuffer(1 << 16);
        var indices = dictionaryActive ? ArrayPool<int>.Shared.Rent(values.Count) : [];
        long uncompressedTotal = 0;
        long compressedTotal = 0;
        try
        {
            var limitBits = (long)_options.DataPageSizeBytes * 8;
            int row = 0, vi = 0;
            var firstPage = true;
            while (row < rowCount)
            {
                int startRow = row, startVi = vi;
                var pagesLengthBefore = pages.Length;
                long uncompressedBefore = uncompressedTotal, compressedBefore = compressedTotal;
                var mode = dictionaryActive ? PageMode.Dictionary : fallbackMode;
                var exceeded = false;
                long estBits = 0;
                if (mode == PageMode.Dictionary)
                {
                    var bw = Math.Max(1, BitPacking.BitWidth((ulong)values.DictionaryCount));
                    while (row < rowCount && estBits < limitBits)
                    {
                        if (!optional || defLevels[row] != 0)
                        {
                            var idx = values.GetOrAddToDictionary(vi);
                            indices[vi++] = idx;
                            if (idx + 1 == values.DictionaryCount)
                            {
                                bw = Math.Max(1, BitPacking.BitWidth((ulong)idx + 1));
                                if (values.DictionaryPlainBytes > _options.DictionarySizeLimitBytes)
                                {
                                    exceeded = true;
                                    row++;
                                    break;
                                }
                            }

                            estBits += bw;
                        }

                        row++;
                    }
                }
                else
                {
                    while (row < rowCount && estBits < limitBits)
                    {
                        if (!optional || defLevels[row] != 0)
                        {
                            estBits += values.PlainBits(vi++);
                        }

                        row++;
                    }
                }

                WriteDataPage(ref values, mode, optional ? defLevels[startRow..row] : default, startRow, row, startVi, vi, indices, pages, ref uncompressedTotal, ref compressedTotal);
                if (mode == PageMode.Dictionary && firstPage)
                {
                    long plainBits = 0;
                    for (var i = startVi; i < vi; i++)
                    {
                        plainBits += values.PlainBits(i);
                    }

                    var dictionaryBytes = values.DictionaryPlainBytes + _page.Length;
                    if (dictionaryBytes * 8 >= plainBits)
                    {
                        // Not worth it: rewrite this page without a dictionary and never try again in this chunk.
                        pages.SetLength(pagesLengthBefore);
                        uncompressedTotal = uncompressedBefore;
                        compressedTotal = compressedBefore;
                        _encodingCounts.Clear();
                        values.ResetDictionary();
                        dictionaryActive = false;
                        row = startRow;
                        vi = startVi;
                        continue;
                    }
                }

                if (exceeded)
                {
                    dictionaryActive = false;
                }

                firstPage = false;
            }

            var chunk = new ByteBuffer(pages.Length + 1024);
            long? dictionaryOffset = null;
            var usedDictionary = values.DictionaryCount > 0 && _encodingCounts.ContainsKey((PageType.DataPage, ParquetEncoding.RleDictionary));
            if (usedDictionary)
            {
                _page.Clear();
                values.WriteDictionary(_page);
                var header = new PageHeader
                {
                    Type = PageType.DictionaryPage,
                    DictionaryPageHeader = new DictionaryPageHeader { NumValues = values.DictionaryCount, Encoding = ParquetEncoding.Plain },
                };
                dictionaryOffset = 0;
                WritePage(header, chunk, ref uncompressedTotal, ref compressedTotal);
                Count(PageType.DictionaryPage, ParquetEncoding.Plain);
            }

            var dataPageOffset = chunk.Length;
            chunk.Write(pages.WrittenSpan);

            var statistics = new Statistics { NullCount = rowCount - values.Count };
            // Every value went through the dictionary when every data page is dictionary-encoded
            // (a chunk that gave it up, or never took it, has PLAIN or DELTA pages).
            var dictionaryHoldsAll = usedDictionary && _encodingCounts.Keys.All(k => k.Item1 != PageType.DataPage || k.Item2 == ParquetEncoding.RleDictionary);
            values.FillStatistics(statistics, dictionaryHoldsAll);
            var md = new ColumnMetaData
            {
                Type = (int)field.PhysicalType,
                Encodings = CollectEncodings(optional),
                PathInSchema = [field.Name],
                Codec = _options.Compression,
                NumValues = rowCount,
                TotalUncompressedSize = uncompressedTotal,
                TotalCompressedSize = compressedTotal,
                DataPageOffset = dataPageOffset,
                DictionaryPageOffset = dictionaryOffset,
                Statistics = statistics,
                EncodingStats = CollectEncodingStats(),
            };
            return new EncodedColumnChunk(chunk, md, rowCount);
        }
        finally
        {
            pages.Dispose();
            if (indices.Length > 0)
            {
                ArrayPool<int>.Shared.Return(indices);
            }
        }
    }

    private void WriteDataPage<T>(ref T values, PageMode mode, ReadOnlySpan<int> defLevels, int startRow, int endRow, int startVi, int endVi,
        int[] indices, ByteBuffer pages, ref long uncompressedTotal, ref long compressedTotal)
        where T : struct, IChunkValues
    {
        _page.Clear();
        if (!defLevels.IsEmpty)
        {
            // Data page v1: definition levels are prefixed by their byte length (Encodings.md RLE, 4-byte length).
            var at = _page.Length;
            _page.WriteInt32LittleEndian(0);
            RleHybridEncoder.Encode(defLevels, 1, _page);
            BinaryPrimitives.WriteInt32LittleEndian(_page.RawArray.AsSpan(at), _page.Length - at - 4);
        }

        ParquetEncoding encoding;
        switch (mode)
        {
            case PageMode.Dictionary:
                {
                    var bw = Math.Max(1, BitPacking.BitWidth((ulong)(values.DictionaryCount - 1)));
                    _page.WriteByte((byte)bw); // RLE_DICTIONARY: one byte of bit width, then the hybrid runs
                    RleHybridEncoder.Encode(indices.AsSpan(startVi, endVi - startVi), bw, _page);
                    encoding = ParquetEncoding.RleDictionary;
                    break;
                }

            case PageMode.Delta:
                values.WriteDelta(startVi, endVi - startVi, _page);
                encoding = ParquetEncoding.DeltaBinaryPacked;
                break;
            default:
                values.WritePlain(startVi, endVi - startVi, _page);
                encoding = ParquetEncoding.Plain;
                break;
        }

        var header = new PageHeader
        {
            Type = PageType.DataPage,
            DataPageHeader = new DataPageHeader
            {
                NumValues = endRow - startRow,
                Encoding = encoding,
                DefinitionLevelEncoding = ParquetEncoding.Rle,
                RepetitionLevelEncoding = ParquetEncoding.Rle,
            },
        };
        WritePage(header, pages, ref uncompressedTotal, ref compressedTotal);
        Count(PageType.DataPage, encoding);
    }

    /// <summary>Compresses <see cref="_page"/> and appends header + body to <paramref name="dst"/>.</summary>
    private void WritePage(PageHeader header, ByteBuffer dst, ref long uncompressedTotal, ref long compressedTotal)
    {
        _compressed.Clear();
        PageCompression.Compress(_options.Compression, _page.WrittenSpan, _compressed, _options.GzipLevel);
        header.UncompressedPageSize = _page.Length;
        header.CompressedPageSize = _compressed.Length;
        _header.Clear();
        MetadataWriter.Write(_headerWriter, header);
        dst.Write(_header.WrittenSpan);
        dst.Write(_compressed.WrittenSpan);
        uncompressedTotal += _header.Length + _page.Length;
        compressedTotal += _header.Length + _compressed.Length;
    }

    private void Count(PageType type, ParquetEncoding encoding)
    {
        _encodingCounts.TryGetValue((type, encoding), out var n);
        _encodingCounts[(type, encoding)] = n + 1;
    }

    private List<ParquetEncoding> CollectEncodings(bool optional)
    {
        var set = new SortedSet<ParquetEncoding>();
        foreach (var key in _encodingCounts.Keys)
        {
            set.Add(key.Item2);
        }

        if (optional)
        {
            set.Add(ParquetEncoding.Rle);
        }

        return [.. set];
    }

    private List<PageEncodingStats> CollectEncodingStats()
    {
        var list = new List<PageEncodingStats>(_encodingCounts.Count);
        foreach (var (key, count) in _encodingCounts)
        {
            list.Add(new PageEncodingStats(key.Item1, key.Item2, count));
        }

        // Deterministic order: dictionary page first, then by encoding number.
        list.Sort(static (a, b) => a.PageType != b.PageType ? b.PageType.CompareTo(a.PageType) : a.Encoding.CompareTo(b.Encoding));
        return list;
    }

    public void Dispose()
    {
        _page.Dispose();
        _compressed.Dispose();
        _header.Dispose();
        _int64Dictionary.Dispose();
        _byteDictionary.Dispose();
    }
}
