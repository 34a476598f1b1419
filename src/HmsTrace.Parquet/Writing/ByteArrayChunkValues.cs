using System.Buffers.Binary;
using HmsTrace.Parquet.Buffers;
using HmsTrace.Parquet.Encodings;
using HmsTrace.Parquet.Format;

namespace HmsTrace.Parquet.Writing;

/// <summary>Non-null values of a BYTE_ARRAY chunk: value i is <c>Data[Offsets[i]..Offsets[i + 1]]</c>.</summary>
internal readonly struct ByteArrayChunkValues : IChunkValues
{
    private const int MaxStatisticsLength = 1024;
    private readonly ReadOnlyMemory<byte> _data;
    private readonly ReadOnlyMemory<int> _offsets;
    private readonly ByteArrayDictionary _dictionary;

    public ByteArrayChunkValues(ReadOnlyMemory<byte> data, ReadOnlyMemory<int> offsets, ByteArrayDictionary dictionary)
    {
        _data = data;
        _offsets = offsets;
        _dictionary = dictionary;
    }

    public int Count => _offsets.Length - 1;

    public int DictionaryCount => _dictionary.Count;

    public long DictionaryPlainBytes => _dictionary.DataBytes + (4L * _dictionary.Count);

    private ReadOnlySpan<byte> Get(int index)
    {
        var o = _offsets.Span;
        return _data.Span[o[index]..o[index + 1]];
    }

    public int GetOrAddToDictionary(int index) => _dictionary.GetOrAdd(Get(index));

    public void ResetDictionary() => _dictionary.Clear();

    public long PlainBits(int index)
    {
        var o = _offsets.Span;
        return (4L + o[index + 1] - o[index]) * 8;
    }

    public void WritePlain(int start, int count, ByteBuffer dst)
    {
        var o = _offsets.Span;
        var data = _data.Span;
        var total = (4 * count) + o[start + count] - o[start];
        var span = dst.GetSpan(total);
        var p = 0;
        for (var i = start; i < start + count; i++)
        {
            var len = o[i + 1] - o[i];
            BinaryPrimitives.WriteInt32LittleEndian(span[p..], len);
            data.Slice(o[i], len).CopyTo(span[(p + 4)..]);
            p += 4 + len;
        }

        dst.Advance(total);
    }

    public void WriteDelta(int start, int count, ByteBuffer dst)
        => throw new NotSupportedException("DELTA_BINARY_PACKED does not apply to BYTE_ARRAY.");

    public void WriteDictionary(ByteBuffer dst)
    {
        for (var i = 0; i < _dictionary.Count; i++)
        {
            var v = _dictionary.Get(i);
            dst.WriteInt32LittleEndian(v.Length);
            dst.Write(v);
        }
    }

    public void FillStatistics(Statistics statistics, bool dictionaryHoldsAll)
    {
        // Unsigned byte-wise order (parquet.thrift ColumnOrder for BYTE_ARRAY / UTF8).
        if (Count == 0)
        {
            return;
        }

        // A dictionary-encoded chunk of a million rows may hold a handful of distinct strings
        // (target names, reasons): the bounds are those of its entries.
        ReadOnlySpan<byte> min, max;
        if (dictionaryHoldsAll && _dictionary.Count > 0)
        {
            var (least, greatest) = Bounds(_dictionary.Count, _dictionary.Get);
            min = _dictionary.Get(least);
            max = _dictionary.Get(greatest);
        }
        else
        {
            var (least, greatest) = Bounds(Count, Get);
            min = Get(least);
            max = Get(greatest);
        }
        if (min.Length > MaxStatisticsLength || max.Length > MaxStatisticsLength)
        {
            // Very long strings make the footer heavy; leave the bounds out rather than truncate them.
            return;
        }

        statistics.MinValue = min.ToArray();
        statistics.MaxValue = max.ToArray();
        statistics.IsMinValueExact = true;
        statistics.IsMaxValueExact = true;
    }

    private delegate ReadOnlySpan<byte> Value(int index);

    /// <summary>Which of values 0 … <paramref name="count"/> − 1 (at least one) are least and greatest in unsigned byte-wise order.</summary>
    private static (int Min, int Max) Bounds(int count, Value get)
    {
        var min = 0;
        var max = 0;
        for (var i = 1; i < count; i++)
        {
            var v = get(i);
            if (v.SequenceCompareTo(get(min)) < 0)
            {
                min = i;
            }
            else if (v.SequenceCompareTo(get(max)) > 0)
            {
                max = i;
            }
        }

        return (min, max);
    }
}
