namespace HmsTrace.Traces.Import;

/// <summary>
/// <c>perf script</c> output of page faults (<c>perf record -e page-faults -d</c>,
/// <c>-e exceptions:page_fault_user</c>) and data-address samples (<c>perf mem record</c>).
/// Detected from its sample lines; DAMON tracepoints go to <see cref="DamonPerfScriptFormat"/>.
/// </summary>
public sealed class PerfScriptFormat : ITraceFormat
{
    private PerfScriptFormat()
    {
    }

    /// <summary>The one instance.</summary>
    public static PerfScriptFormat Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "perf";

    /// <inheritdoc />
    public string Description => "perf script output of page faults (-e page-faults -d, exceptions:page_fault_user) and data-address samples";

    /// <inheritdoc />
    public int Detect(ReadOnlySpan<byte> head, string path)
    {
        var lines = new HeadLines(head);
        int good = 0, bad = 0;
        while (lines.Next(out var line))
        {
            var kind = PerfScriptReader.Classify(line, out var parsed, out _, out _, out _);
            if (kind is PerfScriptReader.LineKind.Fault or PerfScriptReader.LineKind.DataSample && parsed.TimeNs >= 0)
            {
                good++;
            }
            else if (kind != PerfScriptReader.LineKind.Skip)
            {
                bad++;
            }
        }

        return HeadLines.Score(good, bad, 1, 80);
    }

    /// <inheritdoc />
    public ITraceReader Open(Stream content, string path, TraceReadOptions options) => new PerfScriptReader(content, path, options);
}
