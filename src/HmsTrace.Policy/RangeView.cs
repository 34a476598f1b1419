namespace HmsTrace.Policy;

/// <summary>
/// A read-only snapshot of one range of the range map, as the epoch tick shows it.
/// Page numbers are byte addresses divided by the page size; ranges are <c>[StartPage, EndPage)</c>.
/// </summary>
/// <param name="ProcessId">Process the range belongs to.</param>
/// <param name="StartPage">First page.</param>
/// <param name="EndPage">One past the last page.</param>
/// <param name="Target">Where the range lives, or <see cref="TargetId.None"/> when unpopulated.</param>
/// <param name="PinCount">Outstanding pins; pinned ranges never migrate.</param>
/// <param name="HintMask">Targets the application asked for (bit i = target i), 0 for none.</param>
/// <param name="EpochAccesses">Page touches in the epoch that just ended, all initiators.</param>
/// <param name="DecayedAccesses">Exponentially decayed page touches of earlier epochs (history − history/4 + epoch).</param>
/// <param name="LastAccessNs">Trace time of the last access, or -1 if never accessed.</param>
/// <param name="AgeNs">Time since the range's access pattern last changed (DAMON's age), ns.</param>
/// <param name="DominantInitiator">Initiator with the most accesses this epoch, or -1.</param>
public readonly record struct RangeView(
    uint ProcessId,
    ulong StartPage,
    ulong EndPage,
    TargetId Target,
    int PinCount,
    ulong HintMask,
    long EpochAccesses,
    long DecayedAccesses,
    long LastAccessNs,
    long AgeNs,
    int DominantInitiator)
{
    /// <summary>Number of pages in the range.</summary>
    public ulong Pages => EndPage - StartPage;
}
