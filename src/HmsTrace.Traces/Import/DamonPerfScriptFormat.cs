namespace HmsTrace.Traces.Import;

/// <summary>
/// <c>perf script</c> output of DAMON's <c>damon:damon_aggregated</c> tracepoint (what
/// <c>damo record</c> keeps when it records through perf). Imported like <see cref="DamonFormat"/>:
/// region access counts per window plus a window-end marker. Detected from the tracepoint name.
/// </summary>
public sealed class DamonPerfScriptFormat : ITraceFormat
{
    private DamonPerfScriptFormat()
    {
    }

    /// <summary>The one instance.</summary>
    public static DamonPerfScriptFormat Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "damo-perf";

    /// <inheritdoc />
    public string Description => "perf script output of damon:damon_aggregated tracepoints (DAMON region access counts)";

    /// <inheritdoc />
    public int Detect(ReadOnlySpan<byte> head, string path)
    {
        var lines = new HeadLines(head);
        int good = 0, bad = 0;
        while (lines.Next(out var line))
        {
            var kind = PerfScriptReader.Classify(line, out var parsed, out _, out _, out _);
            if (kind == PerfScriptReader.LineKind.Skip)
            {
                continue;
            }

            if (kind == PerfScriptReader.LineKind.Damon && DamonPerfLine.TryParse(parsed.Rest, out _))
            {
                good++;
            }
            else
            {
                bad++;
            }
        }

        return HeadLines.Score(good, bad, 1, 95);
    }

    /// <inheritdoc />
    public ITraceReader Open(Stream content, string path, TraceReadOptions options) => new DamonPerfScriptReader(content, path, options);
}
