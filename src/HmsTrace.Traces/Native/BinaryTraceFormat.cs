namespace HmsTrace.Traces.Native;

/// <summary>The native binary trace format (<c>.hmst</c>, <c>.hmst.gz</c>).</summary>
public sealed class BinaryTraceFormat : ITraceFormat
{
    private BinaryTraceFormat()
    {
    }

    /// <summary>The one instance.</summary>
    public static BinaryTraceFormat Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "hmst";

    /// <inheritdoc />
    public string Description => "HmsTrace binary: header, initiator table, fixed 40-byte little-endian records";

    /// <inheritdoc />
    public int Detect(ReadOnlySpan<byte> head, string path) => head.StartsWith(BinaryTraceLayout.Magic) ? 100 : 0;

    /// <inheritdoc />
    public ITraceReader Open(Stream content, string path, TraceReadOptions options) => new BinaryTraceReader(content, path);
}
