namespace HmsTrace.Engine;

/// <summary>Settings of one replay. Immutable; defaults are documented per property.</summary>
public sealed record ReplayOptions
{
    /// <summary>Epoch length in trace ns; used when <see cref="EpochRecords"/> is 0. Default 10 ms.</summary>
    public long EpochNs { get; init; } = 10_000_000;

    /// <summary>Epoch length in records; 0 (default) means epochs are windows of trace time.</summary>
    public long EpochRecords { get; init; }

    /// <summary>A range returning to a target it left within this many ns counts as a ping-pong. Default 100 ms.</summary>
    public long PingPongWindowNs { get; init; } = 100_000_000;

    /// <summary>At most this many migration requests per epoch tick (the decision buffer's bound). Default 65536.</summary>
    public int MaxEpochMigrations { get; init; } = 65_536;

    /// <summary>
    /// Write a <c>ranges</c> snapshot every this many active epochs (epochs in which a record was
    /// replayed or a migration ran; an idle epoch changes no range); 0 disables snapshots. Default 1.
    /// </summary>
    public int RangeSnapshotEvery { get; init; } = 1;

    /// <summary>
    /// At most this many monitoring regions in the epoch hook's view (DAMON's <c>max_nr_regions</c>):
    /// when there are more ranges, adjacent ranges with similar access frequency are shown merged.
    /// Placement stays exact. 0 (default) shows every range.
    /// </summary>
    public int MaxRegions { get; init; }

    /// <summary>Policy parameters (<c>--param name=value</c>).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Seed handed to the policy. Default 1.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>What to do when the policy faults: stop the replay (default) or continue on the default policy.</summary>
    public PolicyFaultMode OnPolicyFault { get; init; } = PolicyFaultMode.Fail;

    /// <summary>The trace's file name, for messages.</summary>
    public string TraceSource { get; init; } = "trace";
}
