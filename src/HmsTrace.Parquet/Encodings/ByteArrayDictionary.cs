using System.Buffers;
using System.Buffers.Binary;
using HmsTrace.Parquet.Buffers;

namespace HmsTrace.Parquet.Encodings;

/// <summary>
/// Dictionary of byte strings in insertion order (see <see cref="Int64Dictionary"/>), entries kept in one arena.
/// Mutable, not thread-safe.
/// </summary>
internal sealed class ByteArrayDictionary : IDisposable
{
    private readonly ByteBuffer _arena = new(4096);
    private int[] _slots;
    private int[] _offsets; // entry i spans [_offsets[i], _offsets[i + 1])
    private uint[] _hashes;
    private int _count;
    private int _mask;

    public ByteArrayDictionary()
    {
        _slots = ArrayPool<int>.Shared.Rent(1024);
        Array.Clear(_slots, 0, 1024);
        _mask = 1023;
        _offsets = ArrayPool<int>.Shared.Rent(257);
        _offsets[0] = 0;
        _hashes = ArrayPool<uint>.Shared.Rent(256);
    }

    public int Count => _count;

    /// <summary>Total bytes of all entries (without length prefixes).</summary>
    public int DataBytes => _arena.Length;

    public ReadOnlySpan<byte> Get(int index) => _arena.WrittenSpan[_offsets[index].._offsets[index + 1]];

    public int GetOrAdd(ReadOnlySpan<byte> key)
    {
        var hash = Hash(key);
        var h = (int)hash & _mask;
        var arena = _arena.WrittenSpan;
        while (true)
        {
            var s = _slots[h];
            if (s == 0)
            {
                return Add(key, hash, h);
            }

            var e = s - 1;
            if (_hashes[e] == hash && arena[_offsets[e].._offsets[e + 1]].SequenceEqual(key))
            {
                return e;
            }

            h = (h + 1) & _mask;
        }
    }

    private static uint Hash(ReadOnlySpan<byte> key)
    {
        // Deterministic and fast for short keys; the dictionary's order never depends on it.
        if (key.Length <= 8)
        {
            ulong v = 0;
            for (var i = 0; i < key.Length; i++)
            {
                v |= (ulong)key[i] << (8 * i);
            }

            v = (v ^ (ulong)key.Length << 59) * 0x9E3779B97F4A7C15UL;
            return (uint)(v >> 32);
        }

        ulong h = 0x243F6A8885A308D3UL ^ (ulong)key.Length;
        var i8 = 0;
        for (; i8 + 8 <= key.Length; i8 += 8)
        {
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(key[i8..])) * 0x9E3779B97F4A7C15UL;
            h ^= h >> 29;
        }

        if (i8 < key.Length)
        {
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(key[^8..])) * 0x9E3779B97F4A7C15UL;
        }

        return (uint)(h >> 32) ^ (uint)h;
    }

    private int Add(ReadOnlySpan<byte> key, uint hash, int slot)
    {
        if (_count + 2 > _offsets.Length)
        {
            var o = ArrayPool<int>.Shared.Rent(_offsets.Length * 2);
            _offsets.AsSpan(0, _count + 1).CopyTo(o);
            ArrayPool<int>.Shared.Return(_offsets);
            _offsets = o;
            var hs = ArrayPool<uint>.Shared.Rent(_hashes.Length * 2);
            _hashes.AsSpan(0, _count).CopyTo(hs);
            ArrayPool<uint>.Shared.Return(_hashes);
            _hashes = hs;
        }

        if (_count >= _hashes.Length)
        {
            var hs = ArrayPool<uint>.Shared.Rent(_hashes.Length * 2);
            _hashes.AsSpan(0, _count).CopyTo(hs);
            ArrayPool<uint>.Shared.Return(_hashes);
            _hashes = hs;
        }

        _arena.Write(key);
        _hashes[_count] = hash;
        _offsets[_count + 1] = _arena.Length;
        _slots[slot] = ++_count;
        if (_count * 2 > _mask + 1)
        {
            Rehash();
        }

        return _count - 1;
    }

    private void Rehash()
    {
        var capacity = (_mask + 1) * 2;
        ArrayPool<int>.Shared.Return(_slots);
        _slots = ArrayPool<int>.Shared.Rent(capacity);
        Array.Clear(_slots, 0, capacity);
        _mask = capacity - 1;
        for (var i = 0; i < _count; i++)
        {
            var h = (int)_hashes[i] & _mask;
            while (_slots[h] != 0)
            {
                h = (h + 1) & _mask;
            }

            _slots[h] = i + 1;
        }
    }

    public void Clear()
    {
        Array.Clear(_slots, 0, _mask + 1);
        _arena.Clear();
        _count = 0;
    }

    public void Dispose()
    {
        _arena.Dispose();
        ArrayPool<int>.Shared.Return(_slots);
        ArrayPool<int>.Shared.Return(_offsets);
        ArrayPool<uint>.Shared.Return(_hashes);
        _slots = [];
        _offsets = [];
        _hashes = [];
    }
}
