namespace HmsTrace.Traces.Import;

/// <summary>
/// Reads Intel Pin pinatrace output in both flavours: ManualExamples (<c>ip: R addr</c>, size
/// from <see cref="TraceReadOptions.DefaultAccessSize"/>) and SimpleExamples
/// (<c>ip: R addr size</c>, optionally followed by a prefetch flag or the value). Lines starting
/// with <c>#</c> are comments; <c>#eof</c> ends the trace, and a file without it (a capture that
/// was cut) is accepted. Time is the access index × <see cref="TraceReadOptions.TimeScaleNs"/>.
/// </summary>
internal sealed class PinatraceReader : TextImportReader
{
    private readonly uint _pid;
    private readonly ulong _defaultSize;
    private readonly long _scale;
    private long _now;
    private bool _eof;

    public PinatraceReader(Stream content, string path, TraceReadOptions options)
        : base(content, path, options, PinatraceFormat.Instance.Name)
    {
        _pid = options.ProcessId;
        _defaultSize = options.DefaultAccessSize;
        _scale = options.TimeScaleNs;
    }

    /// <summary>What a pinatrace line is.</summary>
    internal enum LineKind
    {
        Bad,
        Access,
        Comment,
        EndOfTrace,
    }

    /// <summary>Parses one line; <paramref name="size"/> is 0 when the line gives none.</summary>
    internal static LineKind Classify(ReadOnlySpan<byte> line, out bool write, out ulong address, out ulong size)
    {
        write = false;
        address = 0;
        size = 0;
        if (line.IsEmpty || line[0] == '#')
        {
            return line.SequenceEqual("#eof"u8) ? LineKind.EndOfTrace : LineKind.Comment;
        }

        var rest = line;
        if (!Ascii.NextToken(ref rest, out var ip) || ip.Length < 2 || ip[^1] != ':' || !Ascii.TryParseHexPrefixed(ip[..^1], out _)
            || !Ascii.NextToken(ref rest, out var op) || op.Length != 1 || op[0] is not ((byte)'R' or (byte)'W')
            || !Ascii.NextToken(ref rest, out var addr) || !Ascii.TryParseHexPrefixed(addr, out address))
        {
            return LineKind.Bad;
        }

        write = op[0] == 'W';
        if (Ascii.NextToken(ref rest, out var sizeText))
        {
            if (!Ascii.TryParseDecimal(sizeText, out size) || size == 0)
            {
                return LineKind.Bad;
            }

            // SimpleExamples may add a prefetch flag or the accessed value; nothing else.
            if (Ascii.NextToken(ref rest, out var extra)
                && !(extra.SequenceEqual("p"u8) || extra.SequenceEqual("prefetch"u8) || Ascii.TryParseHexPrefixed(extra, out _)))
            {
                return LineKind.Bad;
            }

            if (Ascii.NextToken(ref rest, out _))
            {
                return LineKind.Bad;
            }
        }

        return LineKind.Access;
    }

    protected override bool ParseLine(ReadOnlySpan<byte> line)
    {
        var kind = Classify(line, out var write, out var address, out var size);
        if (_eof && !line.IsEmpty)
        {
            return Fail("content after the #eof line", "Remove what follows #eof (were two traces concatenated?)");
        }

        switch (kind)
        {
            case LineKind.Access:
                if (size == 0)
                {
                    size = _defaultSize;
                }

                if (address + size < address)
                {
                    return Fail($"address 0x{address:x} + size {size} overflows the 64-bit address space");
                }

                if (_now > long.MaxValue - _scale)
                {
                    throw LineError("the record clock overflows 64-bit nanoseconds", "Use a smaller --time-scale");
                }

                Emit(new TraceRecord(_now, address, size, 0, _pid, 0, write ? TraceOperation.Write : TraceOperation.Read));
                _now += _scale;
                return true;
            case LineKind.EndOfTrace:
                _eof = true;
                return true;
            case LineKind.Comment:
                return true;
            default:
                return Fail("not a pinatrace line (expected 'ip: R addr [size]' or 'ip: W addr [size]')");
        }
    }
}
