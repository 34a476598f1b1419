namespace HmsTrace.Traces;

/// <summary>
/// How to read a trace: the format (when not detected from content) and what to assume for the
/// fields a format lacks. Immutable; the defaults suit the bundled samples.
/// </summary>
public sealed record TraceReadOptions
{
    /// <summary>Format name to use instead of detection (<c>--from</c>), or null to detect from content.</summary>
    public string? Format { get; init; }

    /// <summary>Initiator name for formats that do not record one. Default <c>cpu0</c>.</summary>
    public string Initiator { get; init; } = "cpu0";

    /// <summary>Process id for formats that do not record one. Default 1.</summary>
    public uint ProcessId { get; init; } = 1;

    /// <summary>Nanoseconds per tick of a virtual clock (record index, instruction count). Default 1.</summary>
    public long TimeScaleNs { get; init; } = 1;

    /// <summary>Access size in bytes for formats that record none. Default 8.</summary>
    public ulong DefaultAccessSize { get; init; } = 8;

    /// <summary>Whether instruction fetches (lackey <c>I</c> lines) become read records. Default false.</summary>
    public bool IncludeInstructionFetches { get; init; }

    /// <summary>How many malformed lines a text importer may skip (and count) before it stops. Default 0.</summary>
    public long SkipBad { get; init; }
}
