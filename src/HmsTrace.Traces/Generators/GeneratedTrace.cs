namespace HmsTrace.Traces.Generators;

/// <summary>
/// A generated trace: a prologue (the <c>mmap</c> records), a body the workload produces batch by
/// batch, and an epilogue (the <c>munmap</c> records). Every count is known up front, so the header
/// states the exact record count. Mutable, single consumer, like every <see cref="ITraceReader"/>.
/// </summary>
internal abstract class GeneratedTrace : ITraceReader
{
    private readonly TraceRecord[] _prologue;
    private readonly TraceRecord[] _epilogue;
    private readonly long _bodyCount;
    private long _position;

    protected GeneratedTrace(string workload, IReadOnlyList<string> initiators, TraceRecord[] prologue, long bodyCount, TraceRecord[] epilogue)
    {
        _prologue = prologue;
        _epilogue = epilogue;
        _bodyCount = bodyCount;
        Header = new TraceHeader($"gen:{workload}", "gen", initiators, prologue.Length + bodyCount + epilogue.Length);
    }

    /// <inheritdoc />
    public TraceHeader Header { get; }

    /// <inheritdoc />
    public int Read(Span<TraceRecord> destination)
    {
        var filled = 0;
        while (filled < destination.Length)
        {
            var rest = destination[filled..];
            int n;
            if (_position < _prologue.Length)
            {
                n = (int)Math.Min(rest.Length, _prologue.Length - _position);
                _prologue.AsSpan((int)_position, n).CopyTo(rest);
            }
            else if (_position < _prologue.Length + _bodyCount)
            {
                n = (int)Math.Min(rest.Length, _prologue.Length + _bodyCount - _position);
                FillBody(rest[..n]);
            }
            else
            {
                var at = _position - _prologue.Length - _bodyCount;
                n = (int)Math.Min(rest.Length, _epilogue.Length - at);
                if (n <= 0)
                {
                    break;
                }

                _epilogue.AsSpan((int)at, n).CopyTo(rest);
            }

            filled += n;
            _position += n;
        }

        return filled;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    /// <summary>Writes the next <c>destination.Length</c> body records (never more than remain).</summary>
    protected abstract void FillBody(Span<TraceRecord> destination);

    /// <summary>mmap records at time 0 for <paramref name="buffers"/>, or munmap records at <paramref name="timeNs"/>.</summary>
    protected static TraceRecord[] MapRecords(IReadOnlyList<MappedBuffer> buffers, TraceOperation operation, long timeNs, bool include = true)
    {
        if (!include)
        {
            return [];
        }

        var records = new TraceRecord[buffers.Count];
        for (var i = 0; i < records.Length; i++)
        {
            var b = buffers[i];
            records[i] = new TraceRecord(timeNs, b.Address, b.MappedBytes, 0, b.ProcessId, b.Initiator, operation);
        }

        return records;
    }
}
