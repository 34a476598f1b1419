namespace HmsTrace.Report.Loading;

/// <summary>One epoch of one run, summed over initiators. Mutable while loading.</summary>
internal sealed class EpochStats
{
    public long StartNs { get; set; }

    public long EndNs { get; set; }

    public long Accesses { get; set; }

    public long Hits { get; set; }

    /// <summary>Bytes resident per target at the end of the epoch (targets without rows held nothing).</summary>
    public SortedDictionary<string, long> ResidentBytes { get; } = new(StringComparer.Ordinal);
}
