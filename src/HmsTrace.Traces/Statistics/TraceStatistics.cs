namespace HmsTrace.Traces.Statistics;

/// <summary>
/// What <c>hmstrace trace info</c> shows about a trace, computed in one streaming pass: counts,
/// time span, processes, initiators, operation mix, footprint and touched address ranges. Immutable.
/// </summary>
/// <remarks>
/// "Touched" means covered by a read, a write or a region access (DAMON-style) record; a record
/// that spans pages touches each of them. Mappings alone (mmap) do not touch. Footprint and ranges
/// are per process (address spaces are separate) and summed over processes.
/// </remarks>
public sealed record TraceStatistics
{
    /// <summary>The trace's source (path, or <c>gen:NAME</c> for a generated trace).</summary>
    public required string Source { get; init; }

    /// <summary>The trace's format name (<c>hmst</c>, <c>csv</c>, <c>gen</c>, ...).</summary>
    public required string Format { get; init; }

    /// <summary>Page size the footprint and ranges are counted in, in bytes.</summary>
    public required long PageSizeBytes { get; init; }

    /// <summary>Number of records.</summary>
    public required long RecordCount { get; init; }

    /// <summary>Time of the first record in ns, or null for an empty trace.</summary>
    public required long? FirstTimeNs { get; init; }

    /// <summary>Time of the last record in ns, or null for an empty trace.</summary>
    public required long? LastTimeNs { get; init; }

    /// <summary>Number of records whose time is earlier than the record before them (0 for a well-ordered trace).</summary>
    public required long OutOfOrderRecords { get; init; }

    /// <summary>Initiators in table order, with their record counts (every table entry, even unused).</summary>
    public required IReadOnlyList<InitiatorCount> Initiators { get; init; }

    /// <summary>Operations that occur, in code order (read, write, mmap, ...), with counts and bytes.</summary>
    public required IReadOnlyList<OperationCount> Operations { get; init; }

    /// <summary>Processes in ascending id order.</summary>
    public required IReadOnlyList<ProcessStatistics> Processes { get; init; }

    /// <summary>Distinct pages touched, summed over processes.</summary>
    public required long TouchedPages { get; init; }

    /// <summary><see cref="TouchedPages"/> × <see cref="PageSizeBytes"/>.</summary>
    public required long TouchedBytes { get; init; }

    /// <summary>Number of maximal runs of contiguous touched pages, summed over processes.</summary>
    public required long RangeCount { get; init; }

    /// <summary>
    /// The largest touched ranges (at most <see cref="TraceStatisticsOptions.TopRanges"/>), largest
    /// first; ties by process id, then address.
    /// </summary>
    public required IReadOnlyList<TouchedRange> LargestRanges { get; init; }

    /// <summary><see cref="LastTimeNs"/> − <see cref="FirstTimeNs"/>, or 0 for an empty trace.</summary>
    public long DurationNs => LastTimeNs - FirstTimeNs ?? 0;

    /// <summary>
    /// Reads <paramref name="reader"/> to its end and summarises it. Memory grows with the number of
    /// distinct touched 64-page groups and processes, not with the number of records.
    /// Throws <see cref="InputException"/> if the trace is malformed.
    /// </summary>
    public static TraceStatistics Compute(ITraceReader reader, TraceStatisticsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var collector = new TraceStatisticsCollector(options);
        var batch = new TraceRecord[16 * 1024];
        int n;
        while ((n = reader.Read(batch)) > 0)
        {
            collector.Add(batch.AsSpan(0, n));
        }

        return collector.ToStatistics(reader.Header);
    }
}
