using System.Buffers.Binary;
using HmsTrace.Parquet.Buffers;
using HmsTrace.Parquet.Encodings;
using HmsTrace.Parquet.Format;

namespace HmsTrace.Parquet.Writing;

/// <summary>
/// Non-null values of a BOOLEAN / INT32 / INT64 / DOUBLE chunk, each widened to 64 bits (INT32 sign-extended,
/// DOUBLE as its IEEE bit pattern, BOOLEAN as 0/1) so one dictionary and one loop serve all of them.
/// </summary>
internal readonly struct FixedChunkValues : IChunkValues
{
    private readonly ReadOnlyMemory<long> _values;
    private readonly ParquetPhysicalType _type;
    private readonly bool _unsigned;
    private readonly Int64Dictionary _dictionary;

    public FixedChunkValues(ReadOnlyMemory<long> values, ParquetField field, Int64Dictionary dictionary)
    {
        _values = values;
        _type = field.PhysicalType;
        _unsigned = field.LogicalType is { Kind: ParquetLogicalTypeKind.Integer, IsSigned: false };
        _dictionary = dictionary;
    }

    public int Count => _values.Length;

    public int DictionaryCount => _dictionary.Count;

    public long DictionaryPlainBytes => (long)_dictionary.Count * Width;

    private int Width => _type == ParquetPhysicalType.Int32 ? 4 : 8;

    public int GetOrAddToDictionary(int index) => _dictionary.GetOrAdd(_values.Span[index]);

    public void ResetDictionary() => _dictionary.Clear();

    public long PlainBits(int index) => _type switch
    {
        ParquetPhysicalType.Boolean => 1,
        ParquetPhysicalType.Int32 => 32,
        _ => 64,
    };

    public void WritePlain(int start, int count, ByteBuffer dst) => WritePlain(_values.Span.Slice(start, count), dst);

    private void WritePlain(ReadOnlySpan<long> values, ByteBuffer dst)
    {
        switch (_type)
        {
            case ParquetPhysicalType.Boolean:
                {
                    // PLAIN booleans are bit-packed, least significant bit first (Encodings.md PLAIN).
                    var bytes = BitPacking.PackedSize(values.Length, 1);
                    var span = dst.GetSpan(bytes);
                    span[..bytes].Clear();
                    for (var i = 0; i < values.Length; i++)
                    {
                        if (values[i] != 0)
                        {
                            span[i >> 3] |= (byte)(1 << (i & 7));
                        }
                    }

                    dst.Advance(bytes);
                    break;
                }

            case ParquetPhysicalType.Int32:
                {
                    var span = dst.GetSpan(values.Length * 4);
                    for (var i = 0; i < values.Length; i++)
                    {
                        BinaryPrimitives.WriteInt32LittleEndian(span[(i * 4)..], (int)values[i]);
                    }

                    dst.Advance(values.Length * 4);
                    break;
                }

            default:
                {
                    var span = dst.GetSpan(values.Length * 8);
                    if (BitConverter.IsLittleEndian)
                    {
                        System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).CopyTo(span);
                    }
                    else
                    {
                        for (var i = 0; i < values.Length; i++)
                        {
                            BinaryPrimitives.WriteInt64LittleEndian(span[(i * 8)..], values[i]);
                        }
                    }

                    dst.Advance(values.Length * 8);
                    break;
                }
        }
    }

    public void WriteDelta(int start, int count, ByteBuffer dst)
        => DeltaBinaryPackedEncoder.Encode(_values.Span.Slice(start, count), _type == ParquetPhysicalType.Int32, dst);

    public void WriteDictionary(ByteBuffer dst) => WritePlain(_dictionary.Entries, dst);

    public void FillStatistics(Statistics statistics, bool dictionaryHoldsAll)
    {
        var values = _values.Span;
        byte[]? min = null;
        byte[]? max = null;
        switch (_type)
        {
            case ParquetPhysicalType.Boolean:
                {
                    bool any0 = false, any1 = false;
                    foreach (var v in values)
                    {
                        if (v != 0)
                        {
                            any1 = true;
                        }
                        else
                        {
                            any0 = true;
                        }
                    }

                    if (values.Length > 0)
                    {
                        min = [(byte)(any0 ? 0 : 1)];
                        max = [(byte)(any1 ? 1 : 0)];
                    }

                    break;
                }

            case ParquetPhysicalType.Int32:
                if (values.Length > 0)
                {
                    int lo, hi;
                    if (_unsigned)
                    {
                        uint ulo = uint.MaxValue, uhi = 0;
                        foreach (var v in values)
                        {
                            var u = (uint)v;
                            ulo = Math.Min(ulo, u);
                            uhi = Math.Max(uhi, u);
                        }

                        (lo, hi) = ((int)ulo, (int)uhi);
                    }
                    else
                    {
                        lo = int.MaxValue;
                        hi = int.MinValue;
                        foreach (var v in values)
                        {
                            lo = Math.Min(lo, (int)v);
                            hi = Math.Max(hi, (int)v);
                        }
                    }

                    min = new byte[4];
                    max = new byte[4];
                    BinaryPrimitives.WriteInt32LittleEndian(min, lo);
                    BinaryPrimitives.WriteInt32LittleEndian(max, hi);
                }

                break;
            case ParquetPhysicalType.Int64:
                if (values.Length > 0)
                {
                    long lo, hi;
                    if (_unsigned)
                    {
                        ulong ulo = ulong.MaxValue, uhi = 0;
                        foreach (var v in values)
                        {
                            ulo = Math.Min(ulo, (ulong)v);
                            uhi = Math.Max(uhi, (ulong)v);
                        }

                        (lo, hi) = ((long)ulo, (long)uhi);
                    }
                    else
                    {
                        lo = long.MaxValue;
                        hi = long.MinValue;
                        foreach (var v in values)
                        {
                            lo = Math.Min(lo, v);
                            hi = Math.Max(hi, v);
                        }
                    }

                    min = new byte[8];
                    max = new byte[8];
                    BinaryPrimitives.WriteInt64LittleEndian(min, lo);
                    BinaryPrimitives.WriteInt64LittleEndian(max, hi);
                }

                break;
            case ParquetPhysicalType.Double:
                {
                    // parquet.thrift ColumnOrder: min/max never hold NaN; nan_count is always set; a zero minimum is
                    // written as -0.0 and a zero maximum as +0.0.
                    long nan = 0;
                    var lo = double.PositiveInfinity;
                    var hi = double.NegativeInfinity;
                    var any = false;
                    foreach (var bits in values)
                    {
                        var d = BitConverter.Int64BitsToDouble(bits);
                        if (double.IsNaN(d))
                        {
                            nan++;
                            continue;
                        }

                        any = true;
                        lo = Math.Min(lo, d);
                        hi = Math.Max(hi, d);
                    }

                    statistics.NanCount = nan;
                    if (any)
                    {
                        if (lo == 0)
                        {
                            lo = -0.0;
                        }

                        if (hi == 0)
                        {
                            hi = 0.0;
                        }

                        min = new byte[8];
                        max = new byte[8];
                        BinaryPrimitives.WriteDoubleLittleEndian(min, lo);
                        BinaryPrimitives.WriteDoubleLittleEndian(max, hi);
                    }

                    break;
                }
        }

        if (min is not null)
        {
            statistics.MinValue = min;
            statistics.MaxValue = max;
            statistics.IsMinValueExact = true;
            statistics.IsMaxValueExact = true;
        }
    }
}
