using System.Runtime.CompilerServices;

namespace HmsTrace.Engine.Policies;

/// <summary>
/// A hash map from (process, page) to a non-negative int, for policies that keep per-page state
/// (an LRU list's nodes): open addressing with linear probing in one array of 16-byte slots, so a
/// lookup usually reads one cache line, where a <see cref="Dictionary{TKey, TValue}"/> reads a bucket
/// and then an entry. Removal shifts the following slots back (no tombstones), so lookups never
/// slow down with churn. Grows at half full. Not thread-safe.
/// </summary>
internal sealed class PageIndex
{
    private const int Empty = -1;
    private Slot[] _slots;
    private int _shift;
    private int _mask;

    public PageIndex(int capacity = 1024)
    {
        var bits = Math.Max(4, System.Numerics.BitOperations.Log2((uint)Math.Max(1, capacity * 2) - 1) + 1);
        _slots = NewSlots(bits);
        _shift = 64 - bits;
        _mask = (1 << bits) - 1;
    }

    public int Count { get; private set; }

    /// <summary>The slots a pass over <see cref="Keys"/> visits: the table never shrinks, so this may far exceed <see cref="Count"/>.</summary>
    public int SlotCount => _slots.Length;

    public bool TryGetValue(uint pid, ulong page, out int value)
    {
        for (var i = Home(pid, page); ; i = (i + 1) & _mask)
        {
            ref var slot = ref _slots[i];
            if (slot.Value == Empty)
            {
                value = Empty;
                return false;
            }

            if (slot.Page == page && slot.Pid == pid)
            {
                value = slot.Value;
                return true;
            }
        }
    }

    /// <summary>
    /// The value of the key, added with value 0 when absent (<paramref name="exists"/> false); the
    /// caller may write it (≥ 0) through the reference until the next change to the index.
    /// </summary>
    public ref int ValueRefOrAdd(uint pid, ulong page, out bool exists)
    {
        var i = Home(pid, page);
        while (_slots[i].Value != Empty)
        {
            if (_slots[i].Page == page && _slots[i].Pid == pid)
            {
                exists = true;
                return ref _slots[i].Value;
            }

            i = (i + 1) & _mask;
        }

        exists = false;
        if ((Count + 1) * 2 > _slots.Length)
        {
            Grow();
            i = Home(pid, page);
            while (_slots[i].Value != Empty)
            {
                i = (i + 1) & _mask;
            }
        }

        _slots[i] = new Slot { Page = page, Pid = pid, Value = 0 };
        Count++;
        return ref _slots[i].Value;
    }

    /// <summary>Every key, in slot order.</summary>
    public IEnumerable<(uint Pid, ulong Page)> Keys()
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            if (_slots[i].Value != Empty)
            {
                yield return (_slots[i].Pid, _slots[i].Page);
            }
        }
    }

    /// <summary>Adds a key that is not present; <paramref name="value"/> must be ≥ 0.</summary>
    public void Add(uint pid, ulong page, int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        if ((Count + 1) * 2 > _slots.Length)
        {
            Grow();
        }

        Place(pid, page, value);
        Count++;
    }

    public bool Remove(uint pid, ulong page)
    {
        var i = Home(pid, page);
        while (true)
        {
            ref var slot = ref _slots[i];
            if (slot.Value == Empty)
            {
                return false;
            }

            if (slot.Page == page && slot.Pid == pid)
            {
                break;
            }

            i = (i + 1) & _mask;
        }

        // Backward shift: move later members of the probe run into the hole when their home
        // position does not lie (cyclically) between the hole and where they sit.
        var hole = i;
        for (var j = (hole + 1) & _mask; _slots[j].Value != Empty; j = (j + 1) & _mask)
        {
            var home = Home(_slots[j].Pid, _slots[j].Page);
            var stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!stays)
            {
                _slots[hole] = _slots[j];
                hole = j;
            }
        }

        _slots[hole] = new Slot { Value = Empty };
        Count--;
        return true;
    }

    /// <summary>Removes every key; keeps the table's size.</summary>
    public void Clear()
    {
        Array.Fill(_slots, new Slot { Value = Empty });
        Count = 0;
    }

    /// <summary>Starts loading the slot where the key's probe begins (a hint; see <c>Ranges.Prefetch</c>).</summary>
    public void Prefetch(uint pid, ulong page) => Ranges.Prefetch.Value(ref _slots[Home(pid, page)]);

    /// <summary>
    /// Starts loading what removing the key reads: the slot where its probe begins and the one
    /// after it, which the backward shift always reads (a hint; see <c>Ranges.Prefetch</c>).
    /// </summary>
    public void PrefetchRemoval(uint pid, ulong page)
    {
        var home = Home(pid, page);
        Ranges.Prefetch.Value(ref _slots[home]);
        Ranges.Prefetch.Value(ref _slots[(home + 1) & _mask]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Home(uint pid, ulong page)
        => (int)(((page ^ ((ulong)pid << 40) ^ pid) * 0x9E3779B97F4A7C15UL) >> _shift) & _mask;

    private void Place(uint pid, ulong page, int value)
    {
        var i = Home(pid, page);
        while (_slots[i].Value != Empty)
        {
            i = (i + 1) & _mask;
        }

        _slots[i] = new Slot { Page = page, Pid = pid, Value = value };
    }

    private void Grow()
    {
        var old = _slots;
        var bits = 64 - _shift + 1;
        _slots = NewSlots(bits);
        _shift = 64 - bits;
        _mask = (1 << bits) - 1;
        foreach (ref readonly var slot in old.AsSpan())
        {
            if (slot.Value != Empty)
            {
                Place(slot.Pid, slot.Page, slot.Value);
            }
        }
    }

    private static Slot[] NewSlots(int bits)
    {
        var slots = new Slot[1 << bits];
        Array.Fill(slots, new Slot { Value = Empty });
        return slots;
    }

    private struct Slot
    {
        public ulong Page;
        public uint Pid;
        public int Value;
    }
}
