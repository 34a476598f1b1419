using HmsTrace.Traces;

namespace HmsTrace.Replay.Tests.Pipeline;

/// <summary>Wraps a reader and counts the records the decoder stage has pulled from it.</summary>
internal sealed class CountingReader(ITraceReader inner) : ITraceReader
{
    private long _read;

    public long RecordsRead => Interlocked.Read(ref _read);

    public TraceHeader Header => inner.Header;

    public int Read(Span<TraceRecord> destination)
    {
        var n = inner.Read(destination);
        Interlocked.Add(ref _read, n);
        return n;
    }

    public void Dispose() => inner.Dispose();
}
