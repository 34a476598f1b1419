namespace HmsTrace.Replay.Sweep;

/// <summary>What a sweep did: one outcome per run it was given, in matrix order. Immutable.</summary>
/// <param name="Outcomes">The outcomes.</param>
public sealed record SweepSummary(IReadOnlyList<SweepRunOutcome> Outcomes)
{
    /// <summary>Runs replayed now.</summary>
    public int Completed => Count(SweepRunStatus.Completed);

    /// <summary>Runs whose results were already complete.</summary>
    public int Skipped => Count(SweepRunStatus.Skipped);

    /// <summary>Runs that failed.</summary>
    public int Failed => Count(SweepRunStatus.Failed);

    private int Count(SweepRunStatus status)
    {
        var n = 0;
        foreach (var o in Outcomes)
        {
            n += o.Status == status ? 1 : 0;
        }

        return n;
    }
}
