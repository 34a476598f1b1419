namespace HmsTrace.Engine.Results;

/// <summary>One row of the <c>ranges</c> table: a range of the range map at the end of a snapshot epoch.</summary>
/// <param name="Epoch">Epoch of the snapshot.</param>
/// <param name="ProcessId">Process.</param>
/// <param name="StartAddress">First byte.</param>
/// <param name="EndAddress">One past the last byte.</param>
/// <param name="Target">Target name, or null when unpopulated.</param>
/// <param name="PinCount">Outstanding pins.</param>
/// <param name="EpochAccesses">Page touches in the epoch.</param>
/// <param name="DecayedAccesses">Decayed history of page touches.</param>
/// <param name="LastAccessNs">Trace time of the last access, or -1.</param>
/// <param name="AgeNs">Time since the access pattern last changed.</param>
/// <param name="Migrations">Migrations that moved (part of) the range so far.</param>
public readonly record struct RangeRow(
    long Epoch,
    uint ProcessId,
    ulong StartAddress,
    ulong EndAddress,
    string? Target,
    int PinCount,
    long EpochAccesses,
    long DecayedAccesses,
    long LastAccessNs,
    long AgeNs,
    int Migrations);
