namespace HmsTrace.Engine.Ranges;

/// <summary>
/// One extent <c>[Start, End)</c> of pages of a process's address space with identical placement
/// state. Mutable on purpose: entries live in the range map's arrays and are updated in place on the
/// hot path. Access statistics are range-level aggregates (like DAMON regions): they are summed when
/// ranges merge and divided in proportion to pages when a range splits.
/// </summary>
internal struct RangeEntry
{
    public ulong Start;
    public ulong End;

    /// <summary>Target index, or -1 while unpopulated.</summary>
    public int Target;

    public int PinCount;
    public ulong HintMask;

    /// <summary>Slot in the per-initiator statistics pool.</summary>
    public int StatsSlot;

    public long EpochAccesses;
    public long EpochBytes;
    public long DecayedAccesses;
    public long LastAccessNs;
    public long AgeStartNs;
    public bool WasActive;

    /// <summary>Target the range last left, or -1; with <see cref="LastLeftNs"/> it detects ping-pong.</summary>
    public int LastLeftTarget;
    public long LastLeftNs;
    public int Migrations;

    public readonly ulong Pages => End - Start;

    /// <summary>Whether two adjacent entries may be one: same placement state.</summary>
    public readonly bool SamePlacement(in RangeEntry other)
        => Target == other.Target && PinCount == other.PinCount && HintMask == other.HintMask;
}
