namespace HmsTrace.Traces.Native;

/// <summary>The native CSV trace format: a header line <c>t_ns,pid,initiator,op,address,size,arg</c>, one record per line.</summary>
public sealed class CsvTraceFormat : ITraceFormat
{
    private CsvTraceFormat()
    {
    }

    /// <summary>The one instance.</summary>
    public static CsvTraceFormat Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "csv";

    /// <inheritdoc />
    public string Description => "HmsTrace CSV: header t_ns,pid,initiator,op,address,size,arg; one record per line";

    /// <inheritdoc />
    public int Detect(ReadOnlySpan<byte> head, string path) => head.StartsWith("t_ns,pid,initiator,op,address,size,arg"u8) ? 100 : 0;

    /// <inheritdoc />
    public ITraceReader Open(Stream content, string path, TraceReadOptions options) => new CsvTraceReader(content, path);
}
