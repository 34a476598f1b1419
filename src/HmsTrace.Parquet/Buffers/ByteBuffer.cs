using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace HmsTrace.Parquet.Buffers;

/// <summary>
/// A growable byte buffer backed by <see cref="ArrayPool{T}"/>. Mutable, not thread-safe; return it with
/// <see cref="Dispose"/>. Spans handed out are invalid after the next write that grows the buffer.
/// </summary>
internal sealed class ByteBuffer : IDisposable
{
    private readonly ArrayPool<byte> _pool;
    private byte[] _array;
    private int _length;

    public ByteBuffer(int initialCapacity = 256)
        : this(ArrayPool<byte>.Shared, initialCapacity)
    {
    }

    /// <summary>A buffer renting from <paramref name="pool"/> (tests hand one that spoils returned arrays).</summary>
    public ByteBuffer(ArrayPool<byte> pool, int initialCapacity = 256)
    {
        _pool = pool;
        _array = pool.Rent(Math.Max(16, initialCapacity));
    }

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _length);

    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, _length);

    public void Clear() => _length = 0;

    /// <summary>Returns a span of <paramref name="size"/> writable bytes at the end; call <see cref="Advance"/> after.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> GetSpan(int size)
    {
        if (_array.Length - _length < size)
        {
            Grow(size);
        }

        return _array.AsSpan(_length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Advance(int count) => _length += count;

    /// <summary>Sets the length (bytes beyond the old length are whatever was there).</summary>
    public void SetLength(int length)
    {
        if (length > _array.Length)
        {
            Grow(length - _length);
        }

        _length = length;
    }

    /// <summary>The whole underlying array (capacity), for writers that know what they do.</summary>
    public byte[] RawArray => _array;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteByte(byte value)
    {
        if (_length == _array.Length)
        {
            Grow(1);
        }

        _array[_length++] = value;
    }

    /// <summary>Appends <paramref name="bytes"/>, which may lie in this buffer's own written bytes.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (_array.Length - _length >= bytes.Length)
        {
            bytes.CopyTo(_array.AsSpan(_length));
        }
        else
        {
            // The old array goes back to the pool only after the copy: another thread may rent it
            // at once, and bytes may point into it (a repeated string copied from the arena).
            var old = Grow(bytes.Length, returnOld: false);
            bytes.CopyTo(_array.AsSpan(_length));
            _pool.Return(old);
        }

        _length += bytes.Length;
    }

    public void WriteInt32LittleEndian(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(GetSpan(4), value);
        _length += 4;
    }

    public void WriteInt64LittleEndian(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(GetSpan(8), value);
        _length += 8;
    }

    /// <summary>Writes an unsigned LEB128 varint.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteVarUInt64(ulong value)
    {
        var span = GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        _length += i;
    }

    /// <summary>Writes a zigzag-encoded signed LEB128 varint.</summary>
    public void WriteZigZagInt64(long value) => WriteVarUInt64((ulong)((value << 1) ^ (value >> 63)));

    public byte[] ToArray() => WrittenSpan.ToArray();

    private void Grow(int extra) => Grow(extra, returnOld: true);

    // Grows the array to hold extra more bytes; returns the old array (already back in the pool when returnOld).
    private byte[] Grow(int extra, bool returnOld)
    {
        var needed = (long)_length + extra;
        var size = Math.Max(needed, Math.Min((long)_array.Length * 2, Array.MaxLength));
        if (size > Array.MaxLength)
        {
            throw new InvalidOperationException("A Parquet buffer would exceed the maximum array size; use smaller row groups.");
        }

        var next = _pool.Rent((int)size);
        var old = _array;
        old.AsSpan(0, _length).CopyTo(next);
        if (returnOld)
        {
            _pool.Return(old);
        }

        _array = next;
        return old;
    }

    public void Dispose()
    {
        if (_array.Length > 0)
        {
            _pool.Return(_array);
            _array = [];
            _length = 0;
        }
    }
}
