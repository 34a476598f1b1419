using HmsTrace.Traces;

namespace HmsTrace.Engine.Tests.Support;

/// <summary>Serves records from an array, as a trace file would.</summary>
internal sealed class ArrayTraceReader(TraceRecord[] records, params string[] initiators) : ITraceReader
{
    private int _next;

    public TraceHeader Header { get; } = new("array", "test", initiators.Length == 0 ? ["cpu0"] : initiators, records.Length);

    public int Read(Span<TraceRecord> destination)
    {
        var n = Math.Min(destination.Length, records.Length - _next);
        records.AsSpan(_next, n).CopyTo(destination);
        _next += n;
        return n;
    }

    public void Dispose()
    {
    }
}
