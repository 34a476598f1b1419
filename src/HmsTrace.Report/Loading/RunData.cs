namespace HmsTrace.Report.Loading;

/// <summary>What the report needs of one run beyond its <c>runs</c> row, aggregated while loading.</summary>
internal sealed class RunData
{
    /// <summary>Per epoch: time span, traffic and resident bytes per target.</summary>
    public SortedDictionary<long, EpochStats> Epochs { get; } = [];

    /// <summary>Per epoch: migration requests by outcome, and the first request time seen.</summary>
    public SortedDictionary<long, MigrationStats> Migrations { get; } = [];

    /// <summary>Range snapshot rows that saw accesses in their epoch.</summary>
    public List<RangeCell> Ranges { get; } = [];

    /// <summary>Whether the run has any range snapshot rows at all (even without accesses).</summary>
    public bool HasRangeSnapshots { get; set; }
}
