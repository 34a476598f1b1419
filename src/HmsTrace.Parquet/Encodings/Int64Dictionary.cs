using System.Buffers;
using System.Runtime.CompilerServices;

namespace HmsTrace.Parquet.Encodings;

/// <summary>
/// Dictionary of 64-bit keys (INT32 / INT64 values, DOUBLE bit patterns) in insertion order: the dictionary page lists
/// values in the order they first occur, so output never depends on hashing. Open addressing, pooled arrays.
/// Mutable, not thread-safe.
/// </summary>
internal sealed class Int64Dictionary : IDisposable
{
    private int[] _slots; // entry index + 1; 0 = empty
    private long[] _entries;
    private int _count;
    private int _shift;

    public Int64Dictionary()
    {
        _slots = ArrayPool<int>.Shared.Rent(1024);
        Array.Clear(_slots, 0, 1024);
        _shift = 64 - 10;
        _entries = ArrayPool<long>.Shared.Rent(256);
    }

    public int Count => _count;

    public ReadOnlySpan<long> Entries => _entries.AsSpan(0, _count);

    private int Capacity => 1 << (64 - _shift);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetOrAdd(long key)
    {
        var mask = Capacity - 1;
        var h = (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> _shift);
        while (true)
        {
            var s = _slots[h];
            if (s == 0)
            {
                return Add(key, h);
            }

            if (_entries[s - 1] == key)
            {
                return s - 1;
            }

            h = (h + 1) & mask;
        }
    }

    private int Add(long key, int slot)
    {
        if (_count == _entries.Length)
        {
            var next = ArrayPool<long>.Shared.Rent(_entries.Length * 2);
            _entries.AsSpan(0, _count).CopyTo(next);
            ArrayPool<long>.Shared.Return(_entries);
            _entries = next;
        }

        _entries[_count] = key;
        _slots[slot] = ++_count;
        if (_count * 2 > Capacity)
        {
            Rehash();
        }

        return _count - 1;
    }

    private void Rehash()
    {
        var capacity = Capacity * 2;
        ArrayPool<int>.Shared.Return(_slots);
        _slots = ArrayPool<int>.Shared.Rent(capacity);
        Array.Clear(_slots, 0, capacity);
        _shift--;
        var mask = capacity - 1;
        for (var i = 0; i < _count; i++)
        {
            var h = (int)(((ulong)_entries[i] * 0x9E3779B97F4A7C15UL) >> _shift);
            while (_slots[h] != 0)
            {
                h = (h + 1) & mask;
            }

            _slots[h] = i + 1;
        }
    }

    public void Clear()
    {
        Array.Clear(_slots, 0, Capacity);
        _count = 0;
    }

    public void Dispose()
    {
        ArrayPool<int>.Shared.Return(_slots);
        ArrayPool<long>.Shared.Return(_entries);
        _slots = [];
        _entries = [];
    }
}
