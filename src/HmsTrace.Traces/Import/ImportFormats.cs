namespace HmsTrace.Traces.Import;

/// <summary>
/// The importers of foreign trace formats (valgrind lackey, Intel Pin, perf script, DAMON,
/// libCacheSim). None is registered yet: the importer issue adds them here.
/// </summary>
public static class ImportFormats
{
    /// <summary>Every importer, in detection priority order.</summary>
    public static IReadOnlyList<ITraceFormat> All { get; } = [];
}
