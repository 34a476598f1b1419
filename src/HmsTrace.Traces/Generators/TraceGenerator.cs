namespace HmsTrace.Traces.Generators;

/// <summary>
/// Runs a workload: as a streaming <see cref="ITraceReader"/> (to replay or inspect without a
/// file) or straight into a trace file.
/// </summary>
public static class TraceGenerator
{
    /// <summary>Records per batch when writing a file.</summary>
    internal const int BatchSize = 16 * 1024;

    /// <summary>
    /// Validates <paramref name="options"/> and returns a reader that generates the workload's records
    /// lazily, batch by batch, in memory independent of the trace's length.
    /// <see cref="TraceHeader.RecordCount"/> is exact, <see cref="TraceHeader.Format"/> is <c>gen</c>
    /// and <see cref="TraceHeader.Source"/> is <c>gen:NAME</c>. Throws an <see cref="InputException"/>
    /// naming the option of a bad value.
    /// </summary>
    public static ITraceReader Open(WorkloadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Check();
        return options.CreateTrace();
    }

    /// <summary>
    /// Generates the workload into <paramref name="path"/> (<c>.hmst</c> or <c>.csv</c>, optionally
    /// <c>.gz</c>; see <see cref="TraceFile.Create"/>) and returns the number of records. The file
    /// appears only when complete.
    /// </summary>
    public static long Generate(WorkloadOptions options, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var trace = Open(options);
        using var writer = TraceFile.Create(path, trace.Header.Initiators);
        var written = WriteTo(trace, writer);
        writer.Complete();
        return written;
    }

    /// <summary>
    /// Copies every record of <paramref name="trace"/> into <paramref name="writer"/> in batches and
    /// returns the count; the caller completes the writer.
    /// </summary>
    public static long WriteTo(ITraceReader trace, ITraceWriter writer)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(writer);
        var batch = new TraceRecord[BatchSize];
        long total = 0;
        int n;
        while ((n = trace.Read(batch)) > 0)
        {
            writer.Write(batch.AsSpan(0, n));
            total += n;
        }

        return total;
    }
}
