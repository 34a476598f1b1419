namespace HmsTrace.Traces.Statistics;

/// <summary>How <see cref="TraceStatistics.Compute"/> counts pages and how many ranges it keeps. Immutable.</summary>
public sealed record TraceStatisticsOptions
{
    /// <summary>Page size in bytes for the footprint and the ranges, a power of two ≥ 1. Default 4096.</summary>
    public long PageSizeBytes { get; init; } = 4096;

    /// <summary>How many of the largest touched ranges to keep (≥ 0). Default 10.</summary>
    public int TopRanges { get; init; } = 10;
}
