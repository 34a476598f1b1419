using System.Text;
using HmsTrace.Parquet.Buffers;

namespace HmsTrace.Parquet.Thrift;

/// <summary>
/// Writes the Thrift compact protocol into a <see cref="ByteBuffer"/>: field headers carry the field-id delta in the
/// high nibble when it is 1..15 and the type in the low nibble; integers are zigzag varints; booleans live in the
/// field header's type nibble. Mutable, not thread-safe.
/// </summary>
internal sealed class ThriftCompactWriter
{
    private readonly ByteBuffer _buffer;
    private readonly Stack<short> _lastIds = new();
    private short _lastId;

    public ThriftCompactWriter(ByteBuffer buffer)
    {
        _buffer = buffer;
    }

    public void StructBegin()
    {
        _lastIds.Push(_lastId);
        _lastId = 0;
    }

    public void StructEnd()
    {
        _buffer.WriteByte((byte)ThriftType.Stop);
        _lastId = _lastIds.Pop();
    }

    public void FieldBegin(short id, ThriftType type)
    {
        var delta = id - _lastId;
        if (delta is > 0 and <= 15)
        {
            _buffer.WriteByte((byte)((delta << 4) | (byte)type));
        }
        else
        {
            _buffer.WriteByte((byte)type);
            WriteI16(id);
        }

        _lastId = id;
    }

    public void BoolField(short id, bool value) => FieldBegin(id, value ? ThriftType.BooleanTrue : ThriftType.BooleanFalse);

    public void ByteField(short id, sbyte value)
    {
        FieldBegin(id, ThriftType.Byte);
        _buffer.WriteByte((byte)value);
    }

    public void I32Field(short id, int value)
    {
        FieldBegin(id, ThriftType.I32);
        WriteI32(value);
    }

    public void I64Field(short id, long value)
    {
        FieldBegin(id, ThriftType.I64);
        WriteI64(value);
    }

    public void BinaryField(short id, ReadOnlySpan<byte> value)
    {
        FieldBegin(id, ThriftType.Binary);
        WriteBinary(value);
    }

    public void StringField(short id, string value)
    {
        FieldBegin(id, ThriftType.Binary);
        WriteString(value);
    }

    /// <summary>Begins a struct-valued field; end it with <see cref="StructEnd"/>.</summary>
    public void StructFieldBegin(short id)
    {
        FieldBegin(id, ThriftType.Struct);
        StructBegin();
    }

    /// <summary>Writes an empty struct as a field (used for unions of empty structs, e.g. StringType).</summary>
    public void EmptyStructField(short id)
    {
        StructFieldBegin(id);
        StructEnd();
    }

    public void ListFieldBegin(short id, ThriftType elementType, int count)
    {
        FieldBegin(id, ThriftType.List);
        ListBegin(elementType, count);
    }

    public void ListBegin(ThriftType elementType, int count)
    {
        if (count < 15)
        {
            _buffer.WriteByte((byte)((count << 4) | (byte)elementType));
        }
        else
        {
            _buffer.WriteByte((byte)(0xF0 | (byte)elementType));
            _buffer.WriteVarUInt64((uint)count);
        }
    }

    public void WriteI16(short value) => _buffer.WriteZigZagInt64(value);

    public void WriteI32(int value) => _buffer.WriteZigZagInt64(value);

    public void WriteI64(long value) => _buffer.WriteZigZagInt64(value);

    public void WriteBinary(ReadOnlySpan<byte> value)
    {
        _buffer.WriteVarUInt64((uint)value.Length);
        _buffer.Write(value);
    }

    public void WriteString(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        _buffer.WriteVarUInt64((uint)count);
        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(count));
        _buffer.Advance(count);
    }
}
