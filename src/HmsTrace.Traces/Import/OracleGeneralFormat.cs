namespace HmsTrace.Traces.Import;

/// <summary>
/// libCacheSim oracleGeneral binary traces: 24-byte little-endian records
/// <c>{u32 time_s; u64 obj_id; u32 size; i64 next_access_vtime}</c>, no header, no magic. Detected
/// only when the name says so (<c>.oracleGeneral</c>, <c>.oracleGeneral.bin</c>, optionally
/// <c>.gz</c>) and the first records are plausible; otherwise use <c>--from oraclegeneral</c>.
/// Address = obj_id × 512 (block traces count 512-byte sectors), time seconds → ns, all reads.
/// </summary>
public sealed class OracleGeneralFormat : ITraceFormat
{
    private OracleGeneralFormat()
    {
    }

    /// <summary>The one instance.</summary>
    public static OracleGeneralFormat Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "oraclegeneral";

    /// <inheritdoc />
    public string Description => "libCacheSim oracleGeneral binary (24-byte records; detected by the .oracleGeneral[.bin] name)";

    /// <inheritdoc />
    public int Detect(ReadOnlySpan<byte> head, string path)
    {
        var name = Path.GetFileName(path ?? string.Empty);
        if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^3];
        }

        if (!name.EndsWith(".oracleGeneral", StringComparison.OrdinalIgnoreCase)
            && !name.EndsWith(".oracleGeneral.bin", StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }

        var records = head.Length / OracleGeneralReader.RecordBytes;
        if (records == 0)
        {
            return 0;
        }

        uint previous = 0;
        for (var i = 0; i < records; i++)
        {
            if (!OracleGeneralReader.IsPlausible(head.Slice(i * OracleGeneralReader.RecordBytes, OracleGeneralReader.RecordBytes), out var time)
                || time < previous)
            {
                return 0;
            }

            previous = time;
        }

        return 90;
    }

    /// <inheritdoc />
    public ITraceReader Open(Stream content, string path, TraceReadOptions options) => new OracleGeneralReader(content, path, options);
}
