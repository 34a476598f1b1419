namespace HmsTrace.Engine.Ranges;

/// <summary>
/// Access statistics and migration history of one range. Range-level aggregates (like DAMON
/// regions): summed when ranges merge, divided in proportion to pages when a range splits.
/// Mutable; lives in <see cref="RangeStatsPool"/>.
/// </summary>
internal struct RangeStats
{
    public long EpochAccesses;
    public long DecayedAccesses;

    /// <summary>Trace time of the last access, or -1.</summary>
    public long LastAccessNs;

    /// <summary>When the access pattern (active or idle) last changed.</summary>
    public long AgeStartNs;

    public bool WasActive;

    /// <summary>Target the range last left, or -1; with <see cref="LastLeftNs"/> it detects ping-pong.</summary>
    public int LastLeftTarget;

    public long LastLeftNs;
    public int Migrations;

    public static RangeStats New(long nowNs) => new()
    {
        LastAccessNs = -1,
        AgeStartNs = nowNs,
        LastLeftTarget = -1,
        LastLeftNs = long.MinValue,
    };
}
