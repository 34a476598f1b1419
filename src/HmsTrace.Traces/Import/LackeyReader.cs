namespace HmsTrace.Traces.Import;

/// <summary>
/// Reads valgrind lackey <c>--trace-mem=yes</c> output (lackey/lk_main.c): <c>I  addr,size</c>
/// instruction fetches, <c> L</c>/<c> S</c>/<c> M</c> data accesses (<c>M</c> = a load then a
/// store of the same bytes), <c>SB addr</c> superblock lines (ignored) and valgrind's own
/// <c>==PID==</c> lines, which give the process id. Time is the instruction count: the n-th
/// <c>I</c> line (from 0) happens at n × <see cref="TraceReadOptions.TimeScaleNs"/>, and data
/// accesses at the time of the instruction before them.
/// </summary>
internal sealed class LackeyReader : TextImportReader
{
    private readonly bool _fetches;
    private readonly long _scale;
    private uint _pid;
    private long _now;
    private long _nextInstruction;

    public LackeyReader(Stream content, string path, TraceReadOptions options)
        : base(content, path, options, LackeyFormat.Instance.Name)
    {
        _pid = options.ProcessId;
        _fetches = options.IncludeInstructionFetches;
        _scale = options.TimeScaleNs;
    }

    /// <summary>What a lackey line is.</summary>
    internal enum LineKind
    {
        Bad,
        Instruction,
        Load,
        Store,
        Modify,
        Message,
        Other,
    }

    /// <summary>Classifies and parses one lackey line; shared by the reader and detection.</summary>
    internal static LineKind Classify(ReadOnlySpan<byte> line, out ulong address, out ulong size, out uint pid)
    {
        address = 0;
        size = 0;
        pid = 0;
        if (line.Length >= 5 && line[2] == ' ')
        {
            LineKind kind;
            if (line[0] == 'I' && line[1] == ' ')
            {
                kind = LineKind.Instruction;
            }
            else if (line[0] == ' ')
            {
                kind = line[1] switch
                {
                    (byte)'L' => LineKind.Load,
                    (byte)'S' => LineKind.Store,
                    (byte)'M' => LineKind.Modify,
                    _ => LineKind.Bad,
                };
            }
            else
            {
                kind = LineKind.Bad;
            }

            if (kind != LineKind.Bad)
            {
                var rest = line[3..];
                var comma = rest.IndexOf((byte)',');
                if (comma > 0
                    && Ascii.TryParseHex(rest[..comma], out address)
                    && Ascii.TryParseDecimal(rest[(comma + 1)..], out size)
                    && size != 0
                    && address + size >= address)
                {
                    return kind;
                }

                return LineKind.Bad;
            }
        }

        if (line.Length >= 4 && line[0] == line[1] && line[0] is (byte)'=' or (byte)'-' or (byte)'*')
        {
            var marker = line[0];
            var close = line[2..].IndexOf(marker);
            if (close > 0 && line.Length > close + 3 && line[close + 3] == marker
                && Ascii.TryParseDecimal(line.Slice(2, close), out var p) && p <= uint.MaxValue)
            {
                pid = (uint)p;
                return LineKind.Message;
            }

            return LineKind.Bad;
        }

        if (line.IsEmpty || (line.StartsWith("SB "u8) && Ascii.TryParseHex(line[3..], out _)))
        {
            return LineKind.Other;
        }

        return LineKind.Bad;
    }

    protected override bool ParseLine(ReadOnlySpan<byte> line)
    {
        var kind = Classify(line, out var address, out var size, out var pid);
        switch (kind)
        {
            case LineKind.Instruction:
                if (_nextInstruction > long.MaxValue - _scale)
                {
                    throw LineError("the instruction clock overflows 64-bit nanoseconds", "Use a smaller --time-scale");
                }

                _now = _nextInstruction;
                _nextInstruction += _scale;
                if (_fetches)
                {
                    Emit(new TraceRecord(_now, address, size, 0, _pid, 0, TraceOperation.Read));
                }

                return true;
            case LineKind.Load:
                Emit(new TraceRecord(_now, address, size, 0, _pid, 0, TraceOperation.Read));
                return true;
            case LineKind.Store:
                Emit(new TraceRecord(_now, address, size, 0, _pid, 0, TraceOperation.Write));
                return true;
            case LineKind.Modify:
                Emit(new TraceRecord(_now, address, size, 0, _pid, 0, TraceOperation.Read));
                Emit(new TraceRecord(_now, address, size, 0, _pid, 0, TraceOperation.Write));
                return true;
            case LineKind.Message:
                // Accesses belong to the process of the latest valgrind line (with
                // --trace-children=yes several processes write to one file).
                _pid = pid;
                return true;
            case LineKind.Other:
                return true;
            default:
                return Fail("not a lackey line (expected 'I  addr,size', ' L addr,size', ' S addr,size', ' M addr,size' or '==pid== ...')");
        }
    }
}
