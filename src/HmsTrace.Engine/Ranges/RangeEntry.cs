namespace HmsTrace.Engine.Ranges;

/// <summary>
/// One extent <c>[Start, End)</c> of pages of a process's address space with identical placement
/// state: only what the lookup and the merge rule need, so that the pool of entries stays small.
/// Statistics live in <see cref="RangeStatsPool"/> under <see cref="Slot"/>. Mutable on purpose:
/// entries are updated in place in the range map's arrays on the hot path.
/// </summary>
internal struct RangeEntry
{
    public ulong Start;
    public ulong End;
    public ulong HintMask;

    /// <summary>Target index, or -1 while unpopulated.</summary>
    public int Target;

    public int PinCount;

    /// <summary>Slot of the range's statistics in the <see cref="RangeStatsPool"/>.</summary>
    public int Slot;

    /// <summary>The <see cref="RangeMap"/>'s links to the neighbouring entries' slots (-1 at either end); the map sets them.</summary>
    public int Prev;

    /// <inheritdoc cref="Prev"/>
    public int Next;

    public readonly ulong Pages => End - Start;

    /// <summary>Whether two adjacent entries may be one: same placement state.</summary>
    public readonly bool SamePlacement(in RangeEntry other)
        => Target == other.Target && PinCount == other.PinCount && HintMask == other.HintMask;
}
