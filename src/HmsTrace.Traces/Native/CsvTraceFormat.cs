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
    /// <remarks>
    /// A file named <c>*.csv</c> or <c>*.csv.gz</c> with another first line still scores a little, so
    /// that, when no importer claims it, the reader reports the wrong header at line 1 instead of an
    /// unrecognised format.
    /// </remarks>
    public int Detect(ReadOnlySpan<byte> head, string path)
    {
        if (head.StartsWith("t_ns,pid,initiator,op,address,size,arg"u8))
        {
            return 100;
        }

        var name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        return name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
    }

    /// <inheritdoc />
    public ITraceReader Open(Stream content, string path, TraceReadOptions options) => new CsvTraceReader(content, path);
}
