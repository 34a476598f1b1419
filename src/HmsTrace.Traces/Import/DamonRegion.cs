namespace HmsTrace.Traces.Import;

/// <summary>One DAMON region of a snapshot: <c>[Start, End)</c> seen accessed in <c>NrAccesses</c> samples.</summary>
/// <param name="Start">First byte.</param>
/// <param name="End">One past the last byte.</param>
/// <param name="NrAccesses">Access count (samples) over the aggregation window; -1 only in damo's fake snapshots.</param>
/// <param name="AgeAggrIntervals">Age in aggregation intervals, or null when not recorded.</param>
internal readonly record struct DamonRegion(ulong Start, ulong End, long NrAccesses, long? AgeAggrIntervals);
