using System.Buffers.Binary;

namespace HmsTrace.Traces.Import;

/// <summary>
/// Reads libCacheSim oracleGeneral records (libCacheSim traceReader/customizedReader/oracle/
/// oracleGeneralBin.h): 24 bytes, little-endian <c>{u32 clock_time; u64 obj_id; u32 obj_size;
/// i64 next_access_vtime}</c>, no header. Every request is a read (the format has no operation);
/// <c>next_access_vtime</c> (-1 = never again) is checked but not kept. Bad records (size 0, a
/// next access time below -1, an address beyond 64 bits, a cut last record) are skipped up to
/// <see cref="TraceReadOptions.SkipBad"/> and counted in <see cref="SkippedLines"/>.
/// </summary>
internal sealed class OracleGeneralReader : ITraceReader, IReportsSkippedInput
{
    public const int RecordBytes = 24;

    private readonly Stream _stream;
    private readonly string _path;
    private readonly TraceReadOptions _options;
    private readonly byte[] _buffer = new byte[RecordBytes * 4096];
    private long _offset;
    private bool _ended;

    public OracleGeneralReader(Stream content, string path, TraceReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        ImportOptions.Validate(options);
        _stream = content;
        _path = path;
        _options = options;
        Header = new TraceHeader(path, OracleGeneralFormat.Instance.Name, [options.Initiator], null);
    }

    public TraceHeader Header { get; }

    public long SkippedLines { get; private set; }

    public int Read(Span<TraceRecord> destination)
    {
        var n = 0;
        while (n < destination.Length && !_ended)
        {
            var want = Math.Min(destination.Length - n, _buffer.Length / RecordBytes) * RecordBytes;
            int got;
            try
            {
                got = _stream.ReadAtLeast(_buffer.AsSpan(0, want), want, throwOnEndOfStream: false);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                throw InputException.AtOffset(_path, _offset, $"cannot be read: {e.Message}", "The file (or its compression) is damaged", e);
            }

            var whole = got / RecordBytes;
            for (var i = 0; i < whole; i++)
            {
                if (TryDecode(_buffer.AsSpan(i * RecordBytes, RecordBytes), out var record))
                {
                    destination[n++] = record;
                }

                _offset += RecordBytes;
            }

            if (got < want)
            {
                _ended = true;
                if (got % RecordBytes != 0)
                {
                    Bad(_offset, $"the file ends inside a record ({got % RecordBytes} of {RecordBytes} bytes; truncated?)");
                }
            }
        }

        return n;
    }

    public void Dispose() => _stream.Dispose();

    /// <summary>Whether <paramref name="r"/> is a plausible record; shared with detection.</summary>
    internal static bool IsPlausible(ReadOnlySpan<byte> r, out uint time)
    {
        time = BinaryPrimitives.ReadUInt32LittleEndian(r);
        var id = BinaryPrimitives.ReadUInt64LittleEndian(r[4..]);
        var size = BinaryPrimitives.ReadUInt32LittleEndian(r[12..]);
        var next = BinaryPrimitives.ReadInt64LittleEndian(r[16..]);
        return size != 0 && next >= -1 && BlockTrace.TryAddress(id, size, out _);
    }

    private bool TryDecode(ReadOnlySpan<byte> r, out TraceRecord record)
    {
        record = default;
        var time = BinaryPrimitives.ReadUInt32LittleEndian(r);
        var id = BinaryPrimitives.ReadUInt64LittleEndian(r[4..]);
        var size = BinaryPrimitives.ReadUInt32LittleEndian(r[12..]);
        var next = BinaryPrimitives.ReadInt64LittleEndian(r[16..]);
        if (size == 0)
        {
            return Bad(_offset + 12, "the object size is 0");
        }

        if (next < -1)
        {
            return Bad(_offset + 16, $"next_access_vtime {next} is below -1");
        }

        if (!BlockTrace.TryAddress(id, size, out var address))
        {
            return Bad(_offset + 4, $"object id {id} × 512 does not fit in a 64-bit address");
        }

        record = new TraceRecord(time * BlockTrace.NsPerSecond, address, size, 0, _options.ProcessId, 0, TraceOperation.Read);
        return true;
    }

    private bool Bad(long offset, string problem)
    {
        if (SkippedLines < _options.SkipBad)
        {
            SkippedLines++;
            return false;
        }

        throw InputException.AtOffset(_path, offset, $"record {(offset / RecordBytes):N0}: {problem}", "The file is damaged or not an oracleGeneral trace; drop bad records with `hmstrace trace convert --skip-bad N`");
    }
}
