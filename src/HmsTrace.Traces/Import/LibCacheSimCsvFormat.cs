namespace HmsTrace.Traces.Import;

/// <summary>
/// libCacheSim csv block traces with a header (<c>version,time,op,size,lbn</c>): time in seconds,
/// SCSI opcode, size in bytes, logical block number in 512-byte sectors (address = lbn × 512).
/// Detected from the header line.
/// </summary>
public sealed class LibCacheSimCsvFormat : ITraceFormat
{
    private LibCacheSimCsvFormat()
    {
    }

    /// <summary>The one instance.</summary>
    public static LibCacheSimCsvFormat Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "libcachesim-csv";

    /// <inheritdoc />
    public string Description => "libCacheSim csv block trace with header version,time,op,size,lbn (address = lbn × 512)";

    /// <inheritdoc />
    public int Detect(ReadOnlySpan<byte> head, string path)
    {
        var lines = new HeadLines(head);
        if (!lines.Next(out var first))
        {
            return 0;
        }

        if (first.SequenceEqual("version,time,op,size,lbn"u8))
        {
            return 100;
        }

        return LibCacheSimCsvReader.IsHeader(first, out _, out _, out _, out _, out _) ? 70 : 0;
    }

    /// <inheritdoc />
    public ITraceReader Open(Stream content, string path, TraceReadOptions options) => new LibCacheSimCsvReader(content, path, options);
}
