using System.Text;

namespace HmsTrace.Traces.Import;

/// <summary>
/// Reads libCacheSim's csv block traces with a header naming the columns (the cloudPhysics
/// sample: <c>version,time,op,size,lbn</c>). Required columns: <c>time</c> (seconds), <c>size</c>
/// (bytes) and the block number (<c>lbn</c>, <c>lba</c> or <c>obj_id</c>); <c>op</c>, when present,
/// is the SCSI opcode in hex (READ(6/10/12/16) 08/28/a8/88, WRITE 0a/2a/aa/8a; other commands are
/// bad lines), otherwise every request is a read. Addresses follow <see cref="BlockTrace"/>.
/// </summary>
internal sealed class LibCacheSimCsvReader : TextImportReader
{
    private readonly uint _pid;
    private int _columns = -1;
    private int _time = -1;
    private int _op = -1;
    private int _size = -1;
    private int _block = -1;

    public LibCacheSimCsvReader(Stream content, string path, TraceReadOptions options)
        : base(content, path, options, LibCacheSimCsvFormat.Instance.Name)
    {
        _pid = options.ProcessId;
    }

    /// <summary>True when <paramref name="line"/> is a header naming time, size and block columns.</summary>
    internal static bool IsHeader(ReadOnlySpan<byte> line, out int columns, out int time, out int op, out int size, out int block)
    {
        columns = 0;
        time = op = size = block = -1;
        var rest = line;
        while (true)
        {
            var comma = rest.IndexOf((byte)',');
            var name = Ascii.Trim(comma < 0 ? rest : rest[..comma]);
            if (name.SequenceEqual("time"u8))
            {
                time = columns;
            }
            else if (name.SequenceEqual("op"u8))
            {
                op = columns;
            }
            else if (name.SequenceEqual("size"u8) || name.SequenceEqual("obj_size"u8))
            {
                size = columns;
            }
            else if (name.SequenceEqual("lbn"u8) || name.SequenceEqual("lba"u8) || name.SequenceEqual("obj_id"u8))
            {
                block = columns;
            }

            columns++;
            if (comma < 0 || columns > 64)
            {
                break;
            }

            rest = rest[(comma + 1)..];
        }

        return time >= 0 && size >= 0 && block >= 0;
    }

    protected override bool ParseLine(ReadOnlySpan<byte> line)
    {
        if (_columns < 0)
        {
            if (!IsHeader(line, out _columns, out _time, out _op, out _size, out _block))
            {
                throw LineError($"the first line '{Ascii.Quote(line)}' is not a header naming the time, size and lbn columns", "Add a header line such as version,time,op,size,lbn");
            }

            return true;
        }

        if (line.IsEmpty)
        {
            return true;
        }

        ReadOnlySpan<byte> time = default, op = default, size = default, block = default;
        var rest = line;
        for (var i = 0; i < _columns; i++)
        {
            var comma = rest.IndexOf((byte)',');
            if ((comma < 0) != (i == _columns - 1))
            {
                return Fail($"expected {_columns} comma-separated fields");
            }

            var field = comma < 0 ? rest : rest[..comma];
            if (i == _time)
            {
                time = field;
            }
            else if (i == _op)
            {
                op = field;
            }
            else if (i == _size)
            {
                size = field;
            }
            else if (i == _block)
            {
                block = field;
            }

            rest = comma < 0 ? default : rest[(comma + 1)..];
        }

        if (!Ascii.TryParseDecimal(time, out var seconds) || seconds > (ulong)(long.MaxValue / BlockTrace.NsPerSecond))
        {
            return Fail("the time is not a whole number of seconds in range");
        }

        if (!Ascii.TryParseDecimal(size, out var bytes) || bytes == 0)
        {
            return Fail("the size is not a positive integer");
        }

        if (!Ascii.TryParseDecimal(block, out var lbn) || !BlockTrace.TryAddress(lbn, bytes, out var address))
        {
            return Fail("the block number is not an integer whose byte address (× 512) fits in 64 bits");
        }

        var operation = TraceOperation.Read;
        if (_op >= 0)
        {
            if (!Ascii.TryParseHex(op, out var code))
            {
                return Fail("the op is not a hex SCSI opcode");
            }

            switch (code)
            {
                // SCSI Block Commands (SBC-3) §5: READ(6) 08h, READ(10) 28h, READ(12) A8h, READ(16) 88h.
                case 0x08 or 0x28 or 0xa8 or 0x88:
                    break;

                // WRITE(6) 0Ah, WRITE(10) 2Ah, WRITE(12) AAh, WRITE(16) 8Ah.
                case 0x0a or 0x2a or 0xaa or 0x8a:
                    operation = TraceOperation.Write;
                    break;
                default:
                    return Fail($"SCSI opcode {Encoding.ASCII.GetString(op)} is neither a read nor a write", "Drop non-data commands from the trace, or drop them with `hmstrace trace convert --skip-bad N`");
            }
        }

        Emit(new TraceRecord((long)seconds * BlockTrace.NsPerSecond, address, bytes, 0, _pid, 0, operation));
        return true;
    }
}
