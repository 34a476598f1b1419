namespace HmsTrace.Traces.Import;

/// <summary>
/// The fields of a <c>damon:damon_aggregated</c> tracepoint line after the event name
/// (mm/damon trace event, as damo's <c>parse_damon_aggregated_perf_script_fields</c> reads it):
/// <c>target_id=T nr_regions=N start-end: nr_accesses [age]</c>; the age is missing before
/// Linux 5.17.
/// </summary>
internal ref struct DamonPerfLine
{
    public ReadOnlySpan<byte> TargetIdText;
    public ulong TargetId;
    public ulong NrRegions;
    public ulong Start;
    public ulong End;
    public long NrAccesses;
    public long? Age;

    public static bool TryParse(ReadOnlySpan<byte> fields, out DamonPerfLine parsed)
    {
        parsed = default;
        var rest = fields;
        if (!Ascii.NextToken(ref rest, out var target) || !target.StartsWith("target_id="u8)
            || !Ascii.TryParseDecimal(target[10..], out parsed.TargetId)
            || !Ascii.NextToken(ref rest, out var count) || !count.StartsWith("nr_regions="u8)
            || !Ascii.TryParseDecimal(count[11..], out parsed.NrRegions) || parsed.NrRegions == 0
            || !Ascii.NextToken(ref rest, out var range) || range.Length < 4 || range[^1] != ':'
            || !Ascii.NextToken(ref rest, out var accesses) || !Ascii.TryParseSigned(accesses, out parsed.NrAccesses))
        {
            return false;
        }

        parsed.TargetIdText = target[10..];
        var dash = range.IndexOf((byte)'-');
        if (dash <= 0 || !Ascii.TryParseDecimal(range[..dash], out parsed.Start) || !Ascii.TryParseDecimal(range[(dash + 1)..^1], out parsed.End))
        {
            return false;
        }

        if (Ascii.NextToken(ref rest, out var age))
        {
            if (!Ascii.TryParseSigned(age, out var a) || Ascii.NextToken(ref rest, out _))
            {
                return false;
            }

            parsed.Age = a;
        }

        return true;
    }

    /// <summary>damo's placeholder region (0-0, -1 accesses) that only carries a window end time.</summary>
    public readonly bool IsFake => Start == 0 && End == 0 && NrAccesses == -1;
}
