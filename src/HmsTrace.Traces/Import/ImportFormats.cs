namespace HmsTrace.Traces.Import;

/// <summary>
/// The importers of foreign trace formats (valgrind lackey, Intel Pin, perf script, DAMON,
/// libCacheSim). Every reader they open also implements <see cref="IReportsSkippedInput"/>.
/// </summary>
public static class ImportFormats
{
    /// <summary>Every importer, in detection priority order (ties go to the earlier one).</summary>
    public static IReadOnlyList<ITraceFormat> All { get; } =
    [
        DamonFormat.Instance,
        DamonPerfScriptFormat.Instance,
        PerfScriptFormat.Instance,
        LackeyFormat.Instance,
        PinatraceFormat.Instance,
        LibCacheSimCsvFormat.Instance,
        OracleGeneralFormat.Instance,
    ];
}
