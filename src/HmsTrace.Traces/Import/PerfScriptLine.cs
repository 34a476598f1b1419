namespace HmsTrace.Traces.Import;

/// <summary>
/// The common head of a <c>perf script</c> sample line:
/// <c>comm [pid/]tid [cpu] seconds.micros: [period] event: fields...</c>, with every field but
/// the event optional (perf script <c>-F</c> chooses them) and the command name possibly holding
/// spaces. Parsed without allocating; the spans point into the line.
/// </summary>
internal ref struct PerfScriptLine
{
    private const int MaxTokens = 16;

    /// <summary>Process id, or -1 when the line has none.</summary>
    public long Pid;

    /// <summary>Thread id, or -1.</summary>
    public long Tid;

    /// <summary>CPU number, or -1.</summary>
    public int Cpu;

    /// <summary>What is wrong with a pid/tid or [cpu] field that is there but damaged (<c>15x73/15573</c>, <c>[0z1]</c>), or null.</summary>
    public string? DamagedField;

    /// <summary>Time in ns, or -1 when the line has none.</summary>
    public long TimeNs;

    /// <summary>The time as printed (without the colon), for tools that reparse it.</summary>
    public ReadOnlySpan<byte> TimeText;

    /// <summary>The event name without its colon, e.g. <c>page-faults</c> or <c>exceptions:page_fault_user</c>.</summary>
    public ReadOnlySpan<byte> Event;

    /// <summary>Everything after the event.</summary>
    public ReadOnlySpan<byte> Rest;

    /// <summary>Parses the head of <paramref name="line"/>; false when it has no event.</summary>
    public static bool TryParse(ReadOnlySpan<byte> line, out PerfScriptLine parsed)
    {
        parsed = default;
        parsed.Pid = -1;
        parsed.Tid = -1;
        parsed.Cpu = -1;
        parsed.TimeNs = -1;

        // Token boundaries of the head; the event is found within the first few tokens.
        Span<int> starts = stackalloc int[MaxTokens];
        Span<int> ends = stackalloc int[MaxTokens];
        var count = 0;
        var position = 0;
        var eventIndex = -1;
        var timeIndex = -1;
        while (count < MaxTokens)
        {
            var rest = line[position..];
            var skip = rest.IndexOfAnyExcept((byte)' ', (byte)'\t');
            if (skip < 0)
            {
                break;
            }

            var start = position + skip;
            var length = line[start..].IndexOfAny((byte)' ', (byte)'\t');
            var end = length < 0 ? line.Length : start + length;
            starts[count] = start;
            ends[count] = end;
            var token = line[start..end];
            position = end;
            if (timeIndex < 0 && count > 0 && IsTime(token))
            {
                timeIndex = count;
            }
            else if (count > 0 && token.Length > 1 && token[^1] == ':' && (timeIndex >= 0 || !IsPeriod(token)))
            {
                eventIndex = count;
                count++;
                break;
            }

            count++;
        }

        if (eventIndex < 0)
        {
            return false;
        }

        parsed.Event = line[starts[eventIndex]..(ends[eventIndex] - 1)];
        parsed.Rest = line[ends[eventIndex]..];

        // Tokens between the time and the event may only be a sample period.
        var headEnd = timeIndex >= 0 ? timeIndex : eventIndex;
        for (var i = headEnd + 1; i < eventIndex; i++)
        {
            if (timeIndex < 0 || !Ascii.TryParseDecimal(line[starts[i]..ends[i]], out _))
            {
                return false;
            }
        }

        if (timeIndex >= 0)
        {
            parsed.TimeText = line[starts[timeIndex]..(ends[timeIndex] - 1)];
            if (!Ascii.TryParseSecondsToNs(parsed.TimeText, out parsed.TimeNs))
            {
                return false;
            }
        }

        // Before the time: comm tokens, then pid/tid (or tid), then [cpu].
        var last = headEnd - 1;
        if (last >= 1 && TryParseCpu(line[starts[last]..ends[last]], out var cpu))
        {
            parsed.Cpu = cpu;
            last--;
        }
        else if (last >= 1 && line[starts[last]] == '[' && line[ends[last] - 1] == ']')
        {
            // A bracketed token just before the time is perf's [cpu]; comm names do not end in one.
            parsed.DamagedField = "the [cpu] field is not a CPU number up to 1000000";
        }

        if (last >= 1)
        {
            var ids = line[starts[last]..ends[last]];
            var slash = ids.IndexOf((byte)'/');
            if (slash > 0 && Ascii.TryParseDecimal(ids[..slash], out var pid) && Ascii.TryParseDecimal(ids[(slash + 1)..], out var tid))
            {
                parsed.Pid = (long)Math.Min(pid, long.MaxValue);
                parsed.Tid = (long)Math.Min(tid, long.MaxValue);
            }
            else if (slash < 0 && Ascii.TryParseDecimal(ids, out var onlyTid))
            {
                parsed.Tid = (long)Math.Min(onlyTid, long.MaxValue);
            }
            else if (slash > 0 && Ascii.TryParseDecimal(ids[(slash + 1)..], out _) && ids[..slash].IndexOfAnyInRange((byte)'0', (byte)'9') >= 0)
            {
                // digits/digits with a damaged digit (15x73/15573); a comm like kworker/0:1 has no all-digit tid.
                parsed.DamagedField ??= "the pid/tid field is not two numbers";
            }
        }

        return true;
    }

    /// <summary>Finds <c>key=</c> among the space-separated fields of <paramref name="fields"/> and returns its value.</summary>
    public static bool TryGetField(ReadOnlySpan<byte> fields, ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        var rest = fields;
        while (Ascii.NextToken(ref rest, out var token))
        {
            if (token.Length > key.Length && token[key.Length] == '=' && token.StartsWith(key))
            {
                value = token[(key.Length + 1)..];
                return true;
            }
        }

        value = default;
        return false;
    }

    private static bool IsTime(ReadOnlySpan<byte> token)
    {
        if (token.Length < 4 || token[^1] != ':')
        {
            return false;
        }

        var dot = token.IndexOf((byte)'.');
        return dot > 0 && token[..dot].IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0
            && token[(dot + 1)..^1].Length > 0 && token[(dot + 1)..^1].IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;
    }

    private static bool IsPeriod(ReadOnlySpan<byte> token) => Ascii.TryParseDecimal(token[..^1], out _);

    private static bool TryParseCpu(ReadOnlySpan<byte> token, out int cpu)
    {
        cpu = -1;
        if (token.Length < 3 || token[0] != '[' || token[^1] != ']' || !Ascii.TryParseDecimal(token[1..^1], out var v) || v > 1_000_000)
        {
            return false;
        }

        cpu = (int)v;
        return true;
    }
}
