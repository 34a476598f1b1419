namespace HmsTrace.Engine.Ranges;

/// <summary>
/// Per-initiator access counts of the current epoch for every range, in one flat array with a free
/// list, so a range carries a slot number instead of an array of its own. Not thread-safe.
/// </summary>
internal sealed class StatsPool(int initiators)
{
    private long[] _counts = new long[Math.Max(1, initiators) * 1024];
    private readonly Stack<int> _free = new();
    private int _next;

    public int Initiators { get; } = Math.Max(1, initiators);

    public int Allocate()
    {
        if (_free.TryPop(out var slot))
        {
            Array.Clear(_counts, slot * Initiators, Initiators);
            return slot;
        }

        if ((_next + 1) * Initiators > _counts.Length)
        {
            Array.Resize(ref _counts, _counts.Length * 2);
        }

        return _next++;
    }

    public void Release(int slot) => _free.Push(slot);

    public Span<long> Of(int slot) => _counts.AsSpan(slot * Initiators, Initiators);

    /// <summary>Creates a slot holding <paramref name="numerator"/>/<paramref name="denominator"/> of <paramref name="slot"/>'s counts, removing them from it.</summary>
    public int SplitOff(int slot, ulong numerator, ulong denominator)
    {
        var right = Allocate();
        var from = Of(slot);
        var to = Of(right);
        for (var i = 0; i < Initiators; i++)
        {
            var part = Proportion(from[i], numerator, denominator);
            to[i] = part;
            from[i] -= part;
        }

        return right;
    }

    /// <summary>Adds <paramref name="other"/>'s counts to <paramref name="slot"/> and frees <paramref name="other"/>.</summary>
    public void Absorb(int slot, int other)
    {
        var into = Of(slot);
        var from = Of(other);
        for (var i = 0; i < Initiators; i++)
        {
            into[i] += from[i];
        }

        Release(other);
    }

    /// <summary>value × numerator / denominator, rounded down, without overflow.</summary>
    public static long Proportion(long value, ulong numerator, ulong denominator)
        => denominator == 0 ? 0 : (long)((Int128)value * (Int128)numerator / (Int128)denominator);
}
