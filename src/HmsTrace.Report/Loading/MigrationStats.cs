namespace HmsTrace.Report.Loading;

/// <summary>Migration requests of one epoch of one run. Mutable while loading.</summary>
internal sealed class MigrationStats
{
    public long FirstNs { get; set; } = long.MaxValue;

    public long LastNs { get; set; } = long.MinValue;

    public long PingPongs { get; set; }

    public SortedDictionary<string, long> ByOutcome { get; } = new(StringComparer.Ordinal);
}
