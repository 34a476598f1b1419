namespace HmsTrace.Policy;

/// <summary>
/// The end of an epoch: a read-only view of every range with its statistics; migrations requested
/// here run after the hook returns, in request order. A ref struct: valid only during the hook call.
/// </summary>
public readonly ref struct EpochContext
{
    private readonly IPolicyHost _host;

    internal EpochContext(IPolicyHost host, long epoch, long epochStartNs, long epochEndNs)
    {
        _host = host;
        Epoch = epoch;
        EpochStartNs = epochStartNs;
        EpochEndNs = epochEndNs;
    }

    /// <summary>Number of the epoch that just ended, from 0.</summary>
    public long Epoch { get; }

    /// <summary>Start of the epoch, trace ns.</summary>
    public long EpochStartNs { get; }

    /// <summary>End of the epoch, trace ns.</summary>
    public long EpochEndNs { get; }

    /// <summary>The topology restricted to the policy's declared versions.</summary>
    public PolicyTopology Topology => _host.Topology;

    /// <summary>
    /// Number of ranges of all processes, in (process, start) order; with a region bound
    /// (<c>--max-regions</c>), of monitoring regions: adjacent ranges of similar access frequency
    /// shown merged, DAMON-style.
    /// </summary>
    public int RangeCount => _host.RangeCount;

    /// <summary>The range at <paramref name="index"/> (0 ≤ index &lt; <see cref="RangeCount"/>).</summary>
    public RangeView Range(int index) => _host.Range(index);

    /// <summary>Free bytes of <paramref name="target"/> right now.</summary>
    public long FreeBytes(TargetId target) => _host.FreeBytes(target.Value);

    /// <summary>Bytes process <paramref name="processId"/> has on <paramref name="target"/>.</summary>
    public long UsedBytes(uint processId, TargetId target) => _host.UsedBytes(processId, target.Value);

    /// <summary>Queues a migration of <c>[startPage, endPage)</c> of a process to <paramref name="target"/>; false if the epoch's request bound is reached.</summary>
    public bool Migrate(uint processId, ulong startPage, ulong endPage, TargetId target)
        => _host.RequestMigration(processId, startPage, endPage, target.Value, MigrationReason.Policy);
}
