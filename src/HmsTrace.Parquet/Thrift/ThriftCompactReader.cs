using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace HmsTrace.Parquet.Thrift;

/// <summary>
/// Reads the Thrift compact protocol from a byte array with full bounds checking: any malformed or truncated input
/// raises <see cref="ParquetFormatException"/> naming the absolute file offset. Mutable cursor, not thread-safe.
/// </summary>
internal sealed class ThriftCompactReader
{
    private const int MaxDepth = 64;
    private readonly byte[] _data;
    private readonly int _end;
    private readonly long _fileOffset;
    private readonly Stack<short> _lastIds = new();
    private short _lastId;
    private int _pos;

    /// <param name="data">The bytes.</param>
    /// <param name="start">Index of the first byte to read.</param>
    /// <param name="length">Number of readable bytes.</param>
    /// <param name="fileOffset">File offset of <paramref name="data"/>[<paramref name="start"/>], for messages.</param>
    public ThriftCompactReader(byte[] data, int start, int length, long fileOffset)
    {
        _data = data;
        _pos = start;
        _end = start + length;
        _fileOffset = fileOffset - start;
    }

    /// <summary>Index of the next unread byte in the array.</summary>
    public int Position => _pos;

    /// <summary>Absolute file offset of the next unread byte.</summary>
    public long FileOffset => _fileOffset + _pos;

    public ParquetFormatException Error(string problem) => new(FileOffset, problem);

    public void StructBegin()
    {
        if (_lastIds.Count >= MaxDepth)
        {
            throw Error("Thrift structures are nested too deeply");
        }

        _lastIds.Push(_lastId);
        _lastId = 0;
    }

    public void StructEnd() => _lastId = _lastIds.Pop();

    /// <summary>Reads a field header; returns false at the struct's stop byte.</summary>
    public bool FieldBegin(out ThriftType type, out short id)
    {
        var b = ReadByte();
        type = (ThriftType)(b & 0x0F);
        if (type == ThriftType.Stop)
        {
            id = 0;
            return false;
        }

        if (type > ThriftType.Struct)
        {
            throw new ParquetFormatException(FileOffset - 1, string.Create(CultureInfo.InvariantCulture, $"invalid Thrift field type {(int)type}"));
        }

        var delta = b >> 4;
        id = delta != 0 ? (short)(_lastId + delta) : ReadI16();
        _lastId = id;
        return true;
    }

    public byte ReadByte()
    {
        if (_pos >= _end)
        {
            throw Error("unexpected end of data in Thrift metadata (truncated file or wrong length)");
        }

        return _data[_pos++];
    }

    public ulong ReadVarUInt64()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw Error("Thrift varint is longer than 10 bytes");
    }

    public short ReadI16()
    {
        var v = ReadI64();
        if (v is < short.MinValue or > short.MaxValue)
        {
            throw Error("Thrift i16 out of range");
        }

        return (short)v;
    }

    public int ReadI32()
    {
        var v = ReadI64();
        if (v is < int.MinValue or > int.MaxValue)
        {
            throw Error("Thrift i32 out of range");
        }

        return (int)v;
    }

    public long ReadI64()
    {
        var u = ReadVarUInt64();
        return (long)(u >> 1) ^ -(long)(u & 1);
    }

    public double ReadDouble()
    {
        Need(8);
        var v = BinaryPrimitives.ReadDoubleLittleEndian(_data.AsSpan(_pos, 8));
        _pos += 8;
        return v;
    }

    /// <summary>Reads a bool field's value, which the compact protocol keeps in the field type nibble.</summary>
    public bool ReadBoolField(ThriftType type) => type switch
    {
        ThriftType.BooleanTrue => true,
        ThriftType.BooleanFalse => false,
        _ => throw Error(string.Create(CultureInfo.InvariantCulture, $"expected a Thrift bool, found type {(int)type}")),
    };

    public ReadOnlySpan<byte> ReadBinarySpan()
    {
        var len = ReadVarUInt64();
        if (len > (ulong)(_end - _pos))
        {
            throw Error(string.Create(CultureInfo.InvariantCulture, $"Thrift binary of {len} bytes runs past the end of the metadata"));
        }

        var span = _data.AsSpan(_pos, (int)len);
        _pos += (int)len;
        return span;
    }

    public byte[] ReadBinary() => ReadBinarySpan().ToArray();

    public string ReadString()
    {
        var start = FileOffset;
        var bytes = ReadBinarySpan();
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new ParquetFormatException(start, "Thrift string is not valid UTF-8", e);
        }
    }

    public void ListBegin(out ThriftType elementType, out int count)
    {
        var b = ReadByte();
        elementType = (ThriftType)(b & 0x0F);
        var size = b >> 4;
        ulong n = size == 15 ? ReadVarUInt64() : (ulong)size;
        if (n > (ulong)(_end - _pos) && !(elementType is ThriftType.BooleanTrue or ThriftType.BooleanFalse && n == 0))
        {
            throw Error(string.Create(CultureInfo.InvariantCulture, $"Thrift list claims {n} elements, more than the bytes left"));
        }

        count = (int)n;
    }

    /// <summary>Skips a value of the given type (unknown fields are skipped, as Thrift requires).</summary>
    public void Skip(ThriftType type)
    {
        switch (type)
        {
            case ThriftType.BooleanTrue:
            case ThriftType.BooleanFalse:
                break;
            case ThriftType.Byte:
                ReadByte();
                break;
            case ThriftType.I16:
            case ThriftType.I32:
            case ThriftType.I64:
                ReadVarUInt64();
                break;
            case ThriftType.Double:
                Need(8);
                _pos += 8;
                break;
            case ThriftType.Binary:
                ReadBinarySpan();
                break;
            case ThriftType.List:
            case ThriftType.Set:
                {
                    ListBegin(out var et, out var n);
                    EnterNested();
                    for (var i = 0; i < n; i++)
                    {
                        SkipElement(et);
                    }

                    _lastIds.Pop();
                    break;
                }

            case ThriftType.Map:
                {
                    var n = ReadVarUInt64();
                    if (n == 0)
                    {
                        break;
                    }

                    if (n > (ulong)(_end - _pos))
                    {
                        throw Error("Thrift map claims more entries than the bytes left");
                    }

                    var kv = ReadByte();
                    EnterNested();
                    for (ulong i = 0; i < n; i++)
                    {
                        SkipElement((ThriftType)(kv >> 4));
                        SkipElement((ThriftType)(kv & 0x0F));
                    }

                    _lastIds.Pop();
                    break;
                }

            case ThriftType.Struct:
                StructBegin();
                while (FieldBegin(out var ft, out _))
                {
                    Skip(ft);
                }

                StructEnd();
                break;
            default:
                throw Error(string.Create(CultureInfo.InvariantCulture, $"invalid Thrift type {(int)type}"));
        }
    }

    private void SkipElement(ThriftType type)
    {
        // Booleans inside containers take one byte.
        if (type is ThriftType.BooleanTrue or ThriftType.BooleanFalse)
        {
            ReadByte();
        }
        else
        {
            Skip(type);
        }
    }

    private void EnterNested()
    {
        if (_lastIds.Count >= MaxDepth)
        {
            throw Error("Thrift structures are nested too deeply");
        }

        _lastIds.Push(_lastId);
    }

    private void Need(int n)
    {
        if (_end - _pos < n)
        {
            throw Error("unexpected end of data in Thrift metadata (truncated file or wrong length)");
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
}
