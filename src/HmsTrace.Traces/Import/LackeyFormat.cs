namespace HmsTrace.Traces.Import;

/// <summary>
/// valgrind lackey <c>--trace-mem=yes</c> output. Detected from its lines (<c>I  addr,size</c>,
/// <c> L|S|M addr,size</c>, <c>==pid==</c>); the <c>==pid== Lackey</c> banner makes it certain.
/// Instruction fetches are dropped unless <see cref="TraceReadOptions.IncludeInstructionFetches"/>;
/// time counts instructions (see <see cref="TraceReadOptions.TimeScaleNs"/>).
/// </summary>
public sealed class LackeyFormat : ITraceFormat
{
    private LackeyFormat()
    {
    }

    /// <summary>The one instance.</summary>
    public static LackeyFormat Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "lackey";

    /// <inheritdoc />
    public string Description => "valgrind --tool=lackey --trace-mem=yes output (I/L/S/M lines); time = instruction count";

    /// <inheritdoc />
    public int Detect(ReadOnlySpan<byte> head, string path)
    {
        var lines = new HeadLines(head);
        int good = 0, bad = 0, accesses = 0;
        var banner = false;
        while (lines.Next(out var line))
        {
            var kind = LackeyReader.Classify(line, out _, out _, out _);
            if (kind == LackeyReader.LineKind.Bad)
            {
                bad++;
                continue;
            }

            good++;
            if (kind == LackeyReader.LineKind.Message && line.IndexOf(" Lackey"u8) >= 0)
            {
                banner = true;
            }
            else if (kind is not LackeyReader.LineKind.Message and not LackeyReader.LineKind.Other)
            {
                accesses++;
            }
        }

        if (banner && bad * 10 <= good)
        {
            return 100;
        }

        return accesses > 0 ? HeadLines.Score(good, bad, 1, 85) : 0;
    }

    /// <inheritdoc />
    public ITraceReader Open(Stream content, string path, TraceReadOptions options) => new LackeyReader(content, path, options);
}
