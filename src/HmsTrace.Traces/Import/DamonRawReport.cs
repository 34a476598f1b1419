using System.Globalization;
using System.Numerics;
using System.Text;

namespace HmsTrace.Traces.Import;

/// <summary>
/// Renders a DAMON recording the way <c>damo report access --raw_form</c> prints it (damo's
/// <c>damo_report_access.pr_records_raw_form</c> and <c>_damo_fmt_str</c>), byte for byte: a
/// <c>base_time_absolute</c> header per target, then per snapshot its times relative to the first
/// snapshot's start, the target id, and one <c>start-end (size) nr_accesses age</c> line per
/// region. Reads everything <see cref="DamonFormat"/> and <see cref="DamonPerfScriptFormat"/> read
/// (gzip transparent). Unlike the importers it holds the recording in memory: damo's first-window
/// estimate for perf script input needs the last snapshot.
/// </summary>
public static class DamonRawReport
{
    private const double NsPerUs = 1e3;
    private const double NsPerMs = 1e6;
    private const double NsPerSecond = 1e9;
    private const double NsPerMinute = 60 * NsPerSecond;
    private const double NsPerHour = 60 * NsPerMinute;
    private const double UlongMax = 18446744073709551615.0;

    /// <summary>
    /// Writes the raw report of the DAMON recording at <paramref name="path"/> to
    /// <paramref name="output"/> (LF line ends). Throws <see cref="InputException"/> for a file that
    /// is not a readable DAMON recording.
    /// </summary>
    public static void Write(TextWriter output, string path)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(path);
        using var raw = CompressedInput.Open(path);
        Write(output, raw, path);
    }

    /// <summary>Writes the raw report of a recording read from <paramref name="content"/> (not gzip); <paramref name="path"/> names it in messages.</summary>
    internal static void Write(TextWriter output, Stream content, string path)
    {
        foreach (var record in Load(content, path))
        {
            if (record.Snapshots.Count == 0)
            {
                continue;
            }

            var first = record.Snapshots[0];
            var sb = new StringBuilder();
            sb.Append("base_time_absolute: ").Append(FormatTimeNs(StartOf(first))).Append('\n');
            sb.Append("data source: unknown\n\n");
            output.Write(sb.ToString());
            foreach (var s in record.Snapshots)
            {
                sb.Clear();
                Line(sb, $"monitoring_start:    {FormatTimeNs(Difference(s, first, fromStart: true)),16}");
                Line(sb, $"monitoring_end:      {FormatTimeNs(Difference(s, first, fromStart: false)),16}");
                Line(sb, $"monitoring_duration: {FormatTimeNs(s.EndNs - StartOf(s)),16}");
                Line(sb, $"target_id: {record.TargetId}");
                Line(sb, $"nr_regions: {s.Regions.Count}");
                Line(sb, "# start_addr     end_addr        length  nr_accesses   age");
                foreach (var r in s.Regions)
                {
                    Line(sb, $"{r.Start:x12}-{r.End:x12} ({FormatSize(r.End - r.Start),12}) {r.NrAccesses,11} {r.AgeAggrIntervals ?? -1,5}");
                }

                sb.Append('\n');
                output.Write(sb.ToString());
            }
        }
    }

    /// <summary>damo's <c>format_time_ns</c> (not machine friendly): floating point, like Python's.</summary>
    internal static string FormatTimeNs(double timeNs)
    {
        var sign = string.Empty;
        if (timeNs < 0)
        {
            sign = "-";
            timeNs = -timeNs;
        }

        if (timeNs >= UlongMax)
        {
            return sign + "max";
        }

        if (timeNs >= NsPerHour)
        {
            var hours = Math.Truncate(timeNs / NsPerHour);
            var hourText = Invariant($"{hours:F0} h");
            var less = timeNs - (hours * NsPerHour);
            return less == 0 ? sign + hourText : $"{sign}{hourText} {FormatTimeNs(less)}";
        }

        if (timeNs >= NsPerMinute)
        {
            var minutes = Math.Truncate(timeNs / NsPerMinute);
            if (timeNs % NsPerMinute == 0)
            {
                return Invariant($"{sign}{minutes:F0} m");
            }

            var seconds = timeNs % NsPerMinute / NsPerSecond;
            return timeNs % NsPerSecond == 0
                ? Invariant($"{sign}{minutes:F0} m {Math.Truncate(seconds):F0} s")
                : Invariant($"{sign}{minutes:F0} m {Fixed3(seconds)} s");
        }

        return timeNs >= NsPerSecond ? Unit(sign, timeNs, NsPerSecond, "s")
            : timeNs >= NsPerMs ? Unit(sign, timeNs, NsPerMs, "ms")
            : timeNs >= NsPerUs ? Unit(sign, timeNs, NsPerUs, "us")
            : Invariant($"{sign}{Math.Truncate(timeNs):F0} ns");
    }

    /// <summary>damo's <c>format_sz</c> (not machine friendly).</summary>
    internal static string FormatSize(ulong bytes)
    {
        var size = (double)bytes;
        if (size == UlongMax)
        {
            return "max";
        }

        ReadOnlySpan<string> units = ["EiB", "PiB", "TiB", "GiB", "MiB", "KiB"];
        for (var i = 0; i < units.Length; i++)
        {
            var unit = Math.Pow(2, 60 - (10 * i));
            if (size > unit)
            {
                return $"{Fixed3(size / unit)} {units[i]}";
            }
        }

        return Invariant($"{bytes} B");
    }

    /// <summary>
    /// Python's <c>'%.3f' % x</c>: the exact binary value rounded half-to-even to 3 decimals
    /// (.NET's "F3" rounds exact ties away from zero).
    /// </summary>
    internal static string Fixed3(double x)
    {
        var negative = x < 0;
        var bits = BitConverter.DoubleToInt64Bits(Math.Abs(x));
        var exponent = (int)((bits >> 52) & 0x7ff);
        var mantissa = bits & 0xf_ffff_ffff_ffffL;
        if (exponent == 0)
        {
            exponent = 1;
        }
        else
        {
            mantissa |= 1L << 52;
        }

        exponent -= 1075;
        var scaled = new BigInteger(mantissa) * 1000;
        BigInteger thousandths;
        if (exponent >= 0)
        {
            thousandths = scaled << exponent;
        }
        else
        {
            var divisor = BigInteger.One << -exponent;
            thousandths = BigInteger.DivRem(scaled, divisor, out var remainder);
            var twice = remainder * 2;
            if (twice > divisor || (twice == divisor && !thousandths.IsEven))
            {
                thousandths += 1;
            }
        }

        var whole = BigInteger.DivRem(thousandths, 1000, out var fraction);
        return Invariant($"{(negative && !thousandths.IsZero ? "-" : string.Empty)}{whole}.{(int)fraction:D3}");
    }

    private static string Unit(string sign, double timeNs, double unitNs, string unit)
        => timeNs % unitNs == 0
            ? Invariant($"{sign}{Math.Truncate(timeNs / unitNs):F0} {unit}")
            : $"{sign}{Fixed3(timeNs / unitNs)} {unit}";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static void Line(StringBuilder sb, string text) => sb.Append(text).Append('\n');

    private static double StartOf(DamonSnapshot s) => s.EstimatedStartNs ?? s.StartNs;

    /// <summary>A snapshot's start or end minus the record's base time, in Python's int/float arithmetic.</summary>
    private static double Difference(DamonSnapshot s, DamonSnapshot first, bool fromStart)
    {
        var value = fromStart ? (s.EstimatedStartNs is null ? (long?)s.StartNs : null) : s.EndNs;
        if (value is { } exact && first.EstimatedStartNs is null)
        {
            return exact - first.StartNs;
        }

        var v = fromStart ? StartOf(s) : s.EndNs;
        return v - StartOf(first);
    }

    private static List<RecordModel> Load(Stream raw, string path)
    {
        var head = new byte[64];
        int n;
        try
        {
            n = raw.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw InputException.In(path, $"is not valid gzip: {e.Message}", "Re-compress the file or give the uncompressed recording", e);
        }

        var content = new PrefixedStream(head, n, raw);
        var start = head.AsSpan(0, n).TrimStart(" \t\r\n"u8);
        return DamonFormat.IsZlib(head.AsSpan(0, n)) || (!start.IsEmpty && start[0] == '[')
            ? LoadJson(content, path)
            : LoadPerfScript(content, path);
    }

    private static List<RecordModel> LoadJson(Stream content, string path)
    {
        var records = new List<RecordModel>();
        using var parser = new DamonJsonParser(DamonFormat.OpenJson(content), path);
        var snapshot = new DamonSnapshot();
        var snapshots = new List<DamonSnapshot>();
        while (true)
        {
            switch (parser.Next(snapshot))
            {
                case DamonJsonParser.Item.Snapshot:
                    snapshots.Add(snapshot.Clone());
                    break;
                case DamonJsonParser.Item.RecordEnd:
                    records.Add(new RecordModel(parser.TargetId, snapshots));
                    snapshots = [];
                    break;
                default:
                    return records;
            }
        }
    }

    /// <summary>damo's <c>parse_perf_script</c> and <c>set_first_snapshot_start_time</c>.</summary>
    private static List<RecordModel> LoadPerfScript(Stream content, string path)
    {
        var records = new List<RecordModel>();
        var byTarget = new Dictionary<ulong, RecordModel>();
        DamonSnapshot? current = null;
        ulong expected = 0;
        using (var lines = new LineReader(content, path))
        {
            while (lines.TryReadLine(out var line))
            {
                var kind = PerfScriptReader.Classify(line, out var head, out _, out _, out _);
                if (kind == PerfScriptReader.LineKind.Skip && !lines.LineTooLong)
                {
                    continue;
                }

                if (lines.LineTooLong || lines.LineUnterminated || kind != PerfScriptReader.LineKind.Damon
                    || !head.Event.SequenceEqual("damon:damon_aggregated"u8) || !DamonPerfLine.TryParse(head.Rest, out var d)
                    || head.TimeText.IsEmpty)
                {
                    throw InputException.AtLine(path, lines.LineNumber, $"not a complete damon:damon_aggregated line: '{Ascii.Quote(line)}'", "Give perf script output of damon:damon_aggregated events");
                }

                // damo: end_time = int(float(seconds) * 1e9).
                var endNs = (long)(double.Parse(head.TimeText, NumberStyles.Float, CultureInfo.InvariantCulture) * 1e9);
                if (!byTarget.TryGetValue(d.TargetId, out var record))
                {
                    record = new RecordModel(d.TargetId.ToString(CultureInfo.InvariantCulture), []);
                    byTarget.Add(d.TargetId, record);
                    records.Add(record);
                }

                if (current is null)
                {
                    var startNs = record.Snapshots.Count == 0 ? endNs : record.Snapshots[^1].EndNs;
                    if (startNs > endNs)
                    {
                        throw InputException.AtLine(path, lines.LineNumber, "the trace is not time-sorted", "Sort the perf script output by time");
                    }

                    current = new DamonSnapshot { StartNs = startNs, EndNs = endNs };
                    record.Snapshots.Add(current);
                    expected = d.NrRegions;
                }
                else if (record.Snapshots.Count == 0 || record.Snapshots[^1] != current || expected != d.NrRegions)
                {
                    throw InputException.AtLine(path, lines.LineNumber, "a snapshot is interrupted by a line of another snapshot", "Give unfiltered perf script output");
                }

                current.Regions.Add(new DamonRegion(d.Start, d.End, d.NrAccesses, d.Age));
                if ((ulong)current.Regions.Count == expected)
                {
                    current = null;
                }
            }

            if (current is not null)
            {
                throw InputException.AtLine(path, lines.LineNumber, $"the file ends inside a snapshot ({current.Regions.Count} of {expected} regions)", "The capture was cut");
            }
        }

        foreach (var record in records)
        {
            var s = record.Snapshots;
            if (s.Count < 2)
            {
                // damo cannot tell a lone snapshot's start either (it fails); show a zero-length window.
                continue;
            }

            var mean = (double)(s[^1].EndNs - s[0].EndNs) / (s.Count - 1);
            s[0].EstimatedStartNs = s[0].EndNs - mean;
            if (s[^1].Regions is [{ Start: 0, End: 0, NrAccesses: -1, AgeAggrIntervals: -1 }])
            {
                s.RemoveAt(s.Count - 1);
            }
        }

        return records;
    }

    private sealed record RecordModel(string TargetId, List<DamonSnapshot> Snapshots);
}
