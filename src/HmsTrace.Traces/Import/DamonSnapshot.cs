namespace HmsTrace.Traces.Import;

/// <summary>One DAMON aggregation window of one target: its time span and regions. Mutable, reused.</summary>
internal sealed class DamonSnapshot
{
    public long StartNs { get; set; }

    public long EndNs { get; set; }

    /// <summary>
    /// For the first snapshot of a perf script recording, damo's estimate of its start (a float:
    /// the end minus the mean window length); null when <see cref="StartNs"/> is exact.
    /// </summary>
    public double? EstimatedStartNs { get; set; }

    public List<DamonRegion> Regions { get; } = [];

    public DamonSnapshot Clone()
    {
        var copy = new DamonSnapshot { StartNs = StartNs, EndNs = EndNs, EstimatedStartNs = EstimatedStartNs };
        copy.Regions.AddRange(Regions);
        return copy;
    }
}
