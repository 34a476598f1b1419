namespace HmsTrace.Traces.Statistics;

/// <summary>What one process of a trace did.</summary>
/// <param name="ProcessId">The process id.</param>
/// <param name="Records">Records of any operation.</param>
/// <param name="Accesses">Read and write records.</param>
/// <param name="TouchedPages">Distinct pages touched by reads, writes and region accesses.</param>
/// <param name="TouchedBytes"><paramref name="TouchedPages"/> × page size.</param>
/// <param name="RangeCount">Number of maximal runs of contiguous touched pages.</param>
public sealed record ProcessStatistics(uint ProcessId, long Records, long Accesses, long TouchedPages, long TouchedBytes, long RangeCount);
