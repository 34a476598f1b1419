namespace HmsTrace.Traces.Statistics;

/// <summary>How many records of one operation a trace has, and their bytes.</summary>
/// <param name="Operation">The operation.</param>
/// <param name="Records">Number of records.</param>
/// <param name="Bytes">Sum of their sizes in bytes, saturating at <see cref="ulong.MaxValue"/>.</param>
public sealed record OperationCount(TraceOperation Operation, long Records, ulong Bytes);
