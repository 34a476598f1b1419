namespace HmsTrace.Report.Loading;

/// <summary>One range of one snapshot: <c>[Start, End)</c> of process <c>Pid</c> saw <c>Accesses</c> page touches in epoch <c>Epoch</c>.</summary>
internal readonly record struct RangeCell(long Epoch, long Pid, ulong Start, ulong End, long Accesses);
