namespace HmsTrace.Traces;

/// <summary>
/// A streaming source of trace records. Implementations decode their input lazily, a batch at a
/// time, so memory does not depend on the trace's length. Not thread-safe: one consumer reads.
/// </summary>
public interface ITraceReader : IDisposable
{
    /// <summary>What is known about the trace before the first record: initiators, count, source.</summary>
    TraceHeader Header { get; }

    /// <summary>
    /// Fills <paramref name="destination"/> with the next records and returns how many were written;
    /// 0 means the trace has ended. Throws <see cref="InputException"/> (naming the file and line or
    /// byte offset) for malformed input.
    /// </summary>
    int Read(Span<TraceRecord> destination);
}
