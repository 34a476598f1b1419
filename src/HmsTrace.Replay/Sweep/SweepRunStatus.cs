namespace HmsTrace.Replay.Sweep;

/// <summary>How a run of a sweep ended.</summary>
public enum SweepRunStatus
{
    /// <summary>Replayed now; its files are in place.</summary>
    Completed,

    /// <summary>Its files were already complete and valid (a resumed sweep); not replayed.</summary>
    Skipped,

    /// <summary>The replay failed (bad trace, policy fault, ...); it wrote no files.</summary>
    Failed,
}
