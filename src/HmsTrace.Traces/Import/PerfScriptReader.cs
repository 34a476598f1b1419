using System.Text;

namespace HmsTrace.Traces.Import;

/// <summary>
/// Reads <c>perf script</c> output of page faults and memory samples:
/// <list type="bullet">
/// <item><c>exceptions:page_fault_user</c> / <c>exceptions:page_fault_kernel</c> tracepoints:
/// <c>address=</c> is the faulting address, <c>error_code=</c> the x86 fault code (bit 1 = write,
/// bit 4 = instruction fetch, dropped unless <see cref="TraceReadOptions.IncludeInstructionFetches"/>).</item>
/// <item>any other sample event recorded with <c>perf record -d</c> (<c>page-faults</c>,
/// <c>mem-loads</c>, <c>mem-stores</c>, ...): the first field after the event is the data address
/// and a later field is the ip; events named <c>*store*</c> are writes, all others reads.</item>
/// </list>
/// Time is perf's timestamp (seconds.micros → ns) or, without one, the record index ×
/// <see cref="TraceReadOptions.TimeScaleNs"/>. The process id is perf's pid (or tid), the
/// initiator <c>cpuN</c> from <c>[N]</c>; without them the options' defaults. Sizes are
/// <see cref="TraceReadOptions.DefaultAccessSize"/>: perf does not record them.
/// Comment lines (<c>#</c>) and call-chain lines (starting with a tab) are skipped.
/// </summary>
internal sealed class PerfScriptReader : TextImportReader
{
    // x86 page fault error code bits (arch/x86/include/asm/trap_pf.h: X86_PF_WRITE, X86_PF_INSTR).
    private const ulong FaultWrite = 1 << 1;
    private const ulong FaultInstruction = 1 << 4;

    private readonly bool _fetches;
    private readonly long _scale;
    private ushort[] _cpuInitiators = [];
    private long _index;

    public PerfScriptReader(Stream content, string path, TraceReadOptions options)
        : base(content, path, options, PerfScriptFormat.Instance.Name, registerDefaultInitiator: false)
    {
        _fetches = options.IncludeInstructionFetches;
        _scale = options.TimeScaleNs;
    }

    /// <summary>What a perf script line holds.</summary>
    internal enum LineKind
    {
        Bad,
        Fault,
        DataSample,
        Skip,
        Damon,
    }

    /// <summary>Parses a line's access, shared with detection.</summary>
    internal static LineKind Classify(ReadOnlySpan<byte> line, out PerfScriptLine head, out ulong address, out bool write, out bool fetch)
    {
        address = 0;
        write = false;
        fetch = false;
        head = default;
        if (line.IsEmpty || line[0] == '#' || line[0] == '\t' || line.IndexOfAnyExcept((byte)' ', (byte)'\t') < 0)
        {
            return LineKind.Skip;
        }

        if (!PerfScriptLine.TryParse(line, out head))
        {
            return LineKind.Bad;
        }

        if (head.Event.StartsWith("exceptions:page_fault_"u8))
        {
            if (!PerfScriptLine.TryGetField(head.Rest, "address"u8, out var a) || !Ascii.TryParseHexPrefixed(a, out address)
                || !PerfScriptLine.TryGetField(head.Rest, "error_code"u8, out var c) || !Ascii.TryParseHexPrefixed(c, out var code))
            {
                return LineKind.Bad;
            }

            write = (code & FaultWrite) != 0;
            fetch = (code & FaultInstruction) != 0;
            return LineKind.Fault;
        }

        if (head.Event.StartsWith("damon:"u8))
        {
            return LineKind.Damon;
        }

        // perf record -d: data address first, then (after its symbol, if resolved) the ip.
        var rest = head.Rest;
        if (!Ascii.NextToken(ref rest, out var addr) || !Ascii.TryParseHexPrefixed(addr, out address))
        {
            return LineKind.Bad;
        }

        var hasIp = false;
        while (Ascii.NextToken(ref rest, out var token))
        {
            if (Ascii.TryParseHexPrefixed(token, out _))
            {
                hasIp = true;
                break;
            }
        }

        if (!hasIp)
        {
            return LineKind.Bad;
        }

        write = head.Event.IndexOf("store"u8) >= 0;
        return LineKind.DataSample;
    }

    protected override bool ParseLine(ReadOnlySpan<byte> line)
    {
        var kind = Classify(line, out var head, out var address, out var write, out var fetch);
        switch (kind)
        {
            case LineKind.Skip:
                return true;
            case LineKind.Damon:
                return Fail("a DAMON tracepoint, not a memory access", "Read DAMON perf script output with --from damo-perf");
            case LineKind.Bad:
                return Fail("not a perf script sample with a data address (expected 'comm pid/tid [cpu] time: event: addr ... ip ...' from perf record -d, or exceptions:page_fault_user with address= and error_code=)", "Record with perf record -d, or use -e exceptions:page_fault_user");
        }

        if (fetch && !_fetches)
        {
            return true;
        }

        var size = Options.DefaultAccessSize;
        if (address + size < address)
        {
            return Fail($"address 0x{address:x} + size {size} overflows the 64-bit address space");
        }

        if (head.Pid > uint.MaxValue || head.Tid > uint.MaxValue)
        {
            return Fail("the process id does not fit in 32 bits");
        }

        // A damaged pid/tid or [cpu] field (15x73/15573, [0z1]) would be read as part of the command
        // name, and the record would go to the default process or initiator, silently.
        if (head.DamagedField is { } damaged)
        {
            return Fail(damaged, "Fix the field, or drop the line with `hmstrace trace convert --skip-bad N`");
        }

        // perf prints the same fields on every sample of one event (a tracepoint may have [cpu]
        // where page-faults has none): a sample of an event without the fields its first one had
        // lost them to damage (a pid/tid run together).
        var shape = (head.Pid >= 0 ? 1 : 0) | (head.Tid >= 0 ? 2 : 0) | (head.Cpu >= 0 ? 4 : 0);
        var known = -1;
        for (var i = 0; i < _shapes.Count && known < 0; i++)
        {
            known = head.Event.SequenceEqual(_shapes[i].Event) ? i : -1;
        }

        if (known < 0)
        {
            _shapes.Add((head.Event.ToArray(), shape));
        }
        else if (shape != _shapes[known].Shape)
        {
            return Fail($"this {Encoding.ASCII.GetString(head.Event)} sample has {Fields(shape)} where the event's first sample had {Fields(_shapes[known].Shape)}: a damaged pid/tid or [cpu] field?", "Fix the field, or drop the line with `hmstrace trace convert --skip-bad N`");
        }

        long time;
        if (head.TimeNs >= 0)
        {
            time = head.TimeNs;
        }
        else
        {
            if (_index > long.MaxValue / _scale)
            {
                throw LineError("the record clock overflows 64-bit nanoseconds", "Use a smaller --time-scale");
            }

            time = _index * _scale;
        }

        _index++;
        var pid = head.Pid >= 0 ? (uint)head.Pid : head.Tid >= 0 ? (uint)head.Tid : Options.ProcessId;
        Emit(new TraceRecord(time, address, size, 0, pid, Initiator(head.Cpu), write ? TraceOperation.Write : TraceOperation.Read));
        return true;
    }

    // Each event's fields as its first sample showed them (pid 1, tid 2, cpu 4).
    private readonly List<(byte[] Event, int Shape)> _shapes = [];

    private static string Fields(int shape)
    {
        var ids = (shape & 3) switch { 3 => "pid/tid", 2 => "a tid", 1 => "a pid", _ => null };
        var cpu = (shape & 4) != 0;
        return (ids, cpu) switch
        {
            (null, true) => "[cpu] without pid/tid",
            (null, false) => "neither pid/tid nor [cpu]",
            (_, true) => ids + " and [cpu]",
            _ => ids + " without [cpu]",
        };
    }

    private ushort Initiator(int cpu)
    {
        if (cpu < 0)
        {
            return InitiatorIndex(Options.Initiator);
        }

        if (cpu >= _cpuInitiators.Length)
        {
            var grown = new ushort[Math.Max(cpu + 1, _cpuInitiators.Length * 2)];
            grown.AsSpan().Fill(ushort.MaxValue);
            _cpuInitiators.CopyTo(grown, 0);
            _cpuInitiators = grown;
        }

        if (_cpuInitiators[cpu] == ushort.MaxValue)
        {
            _cpuInitiators[cpu] = InitiatorIndex($"cpu{cpu}");
        }

        return _cpuInitiators[cpu];
    }
}
