namespace HmsTrace.Policy;

/// <summary>
/// An access by an initiator to populated pages <c>[StartPage, EndPage)</c> that live on
/// <see cref="Target"/>. In the non-local hook the target is not the initiator's best one (a miss,
/// like a device page fault); the policy may migrate synchronously and the cost is charged to the access.
/// A ref struct: valid only during the hook call.
/// </summary>
public readonly ref struct AccessContext
{
    private readonly IPolicyHost _host;

    internal AccessContext(IPolicyHost host, uint processId, InitiatorId initiator, ulong startPage, ulong endPage, TargetId target, bool isWrite, bool isHit, long timeNs, long recordIndex)
    {
        _host = host;
        ProcessId = processId;
        Initiator = initiator;
        StartPage = startPage;
        EndPage = endPage;
        Target = target;
        IsWrite = isWrite;
        IsHit = isHit;
        TimeNs = timeNs;
        RecordIndex = recordIndex;
    }

    /// <summary>Accessing process.</summary>
    public uint ProcessId { get; }

    /// <summary>Accessing initiator.</summary>
    public InitiatorId Initiator { get; }

    /// <summary>First page accessed.</summary>
    public ulong StartPage { get; }

    /// <summary>One past the last page accessed.</summary>
    public ulong EndPage { get; }

    /// <summary>Where the pages live.</summary>
    public TargetId Target { get; }

    /// <summary>Whether the access is a write.</summary>
    public bool IsWrite { get; }

    /// <summary>Whether <see cref="Target"/> is the initiator's best target.</summary>
    public bool IsHit { get; }

    /// <summary>Trace time, ns.</summary>
    public long TimeNs { get; }

    /// <summary>Index of the trace record, from 0.</summary>
    public long RecordIndex { get; }

    /// <summary>The topology restricted to the policy's declared versions.</summary>
    public PolicyTopology Topology => _host.Topology;

    /// <summary>Free bytes of <paramref name="target"/> right now.</summary>
    public long FreeBytes(TargetId target) => _host.FreeBytes(target.Value);

    /// <summary>
    /// Migrates the accessed pages to <paramref name="target"/> now (reason: fault); the access is
    /// then served from there and the migration cost is charged to it. Returns whether all pages moved.
    /// </summary>
    public bool Migrate(TargetId target) => _host.RequestMigration(ProcessId, StartPage, EndPage, target.Value, MigrationReason.Fault);

    /// <summary>Migrates an arbitrary range of this process now (for example a whole buffer on a device fault).</summary>
    public bool Migrate(ulong startPage, ulong endPage, TargetId target) => _host.RequestMigration(ProcessId, startPage, endPage, target.Value, MigrationReason.Fault);
}
