using System.IO.Compression;

namespace HmsTrace.Traces.Import;

/// <summary>
/// DAMON monitoring results written by <c>damo record</c>: JSON, zlib-compressed
/// (<c>json_compressed</c>, damo's default) or plain, old and new key sets. Each snapshot (one
/// aggregation window of one target) becomes:
/// <list type="bullet">
/// <item>one <see cref="TraceOperation.RegionAccess"/> record per region: <c>TimeNs</c> = window
/// start, <c>Address</c>/<c>Size</c> = the region, <c>Argument</c> = its access count
/// (<c>nr_accesses</c> samples);</item>
/// <item>then one <see cref="TraceOperation.Marker"/> at the window end: <c>TimeNs</c> = window end,
/// <c>Address</c> = <c>Size</c> = 0, <c>Argument</c> = <see cref="WindowEndTag"/>.</item>
/// </list>
/// Targets get process ids <see cref="TraceReadOptions.ProcessId"/> + their index in the file
/// (DAMON target ids are kernel pointers, not pids); the initiator is
/// <see cref="TraceReadOptions.Initiator"/>. Times are DAMON's, in ns. Detected from the zlib
/// header (RFC 1950 §2.2) and the inflated start, or from the JSON start.
/// </summary>
public sealed class DamonFormat : ITraceFormat
{
    /// <summary>
    /// The <c>Argument</c> of the marker that closes each DAMON window: "DAMONEND" in ASCII,
    /// read as a little-endian 64-bit number.
    /// </summary>
    public const ulong WindowEndTag = 0x444E_454E_4F4D_4144;

    private DamonFormat()
    {
    }

    /// <summary>The one instance.</summary>
    public static DamonFormat Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "damo";

    /// <inheritdoc />
    public string Description => "DAMON damo record files (json_compressed or json): regions' access counts per aggregation window";

    /// <inheritdoc />
    public int Detect(ReadOnlySpan<byte> head, string path)
    {
        if (IsZlib(head))
        {
            var inflated = InflateHead(head);
            return LooksLikeRecords(inflated) ? 95 : 0;
        }

        return LooksLikeRecords(head) ? 90 : 0;
    }

    /// <inheritdoc />
    public ITraceReader Open(Stream content, string path, TraceReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new DamonJsonReader(OpenJson(content), path, options);
    }

    /// <summary>The window-end marker record.</summary>
    internal static TraceRecord WindowEnd(long endNs, uint pid) => new(endNs, 0, 0, WindowEndTag, pid, 0, TraceOperation.Marker);

    /// <summary>Inflates <paramref name="content"/> when it starts with a zlib header; the result owns the stream.</summary>
    internal static Stream OpenJson(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var head = new byte[2];
        var n = content.ReadAtLeast(head, 2, throwOnEndOfStream: false);
        var whole = new PrefixedStream(head, n, content);
        return IsZlib(head.AsSpan(0, n)) ? new ZLibStream(whole, CompressionMode.Decompress) : whole;
    }

    /// <summary>A zlib header: deflate with a window of at most 32 KiB and a valid check (RFC 1950 §2.2).</summary>
    internal static bool IsZlib(ReadOnlySpan<byte> head)
        => head.Length >= 2 && (head[0] & 0x0f) == 8 && (head[0] >> 4) <= 7 && ((head[0] << 8) | head[1]) % 31 == 0;

    private static bool LooksLikeRecords(ReadOnlySpan<byte> text)
    {
        text = text.TrimStart(" \t\r\n"u8);
        return !text.IsEmpty && text[0] == '[' && (text.IndexOf("\"snapshots\""u8) >= 0 || text.IndexOf("\"target_id\""u8) >= 0);
    }

    private static byte[] InflateHead(ReadOnlySpan<byte> head)
    {
        var output = new byte[4096];
        var n = 0;
        try
        {
            using var z = new ZLibStream(new MemoryStream(head.ToArray()), CompressionMode.Decompress);
            n = z.ReadAtLeast(output, output.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // Not zlib after all, or the head cut mid-stream before any output: no match.
        }

        return output.AsSpan(0, n).ToArray();
    }
}
