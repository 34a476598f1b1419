namespace HmsTrace.Policy;

/// <summary>
/// An application hint (hbind): the process asks that <c>[StartPage, EndPage)</c> live on the
/// targets in <see cref="RequestedMask"/>. A ref struct: valid only during the hook call.
/// </summary>
public readonly ref struct HintContext
{
    private readonly IPolicyHost _host;

    internal HintContext(IPolicyHost host, uint processId, InitiatorId initiator, ulong startPage, ulong endPage, ulong requestedMask, long timeNs, long recordIndex)
    {
        _host = host;
        ProcessId = processId;
        Initiator = initiator;
        StartPage = startPage;
        EndPage = endPage;
        RequestedMask = requestedMask;
        TimeNs = timeNs;
        RecordIndex = recordIndex;
    }

    /// <summary>Hinting process.</summary>
    public uint ProcessId { get; }

    /// <summary>Initiator that issued the hint record.</summary>
    public InitiatorId Initiator { get; }

    /// <summary>First page of the hinted range.</summary>
    public ulong StartPage { get; }

    /// <summary>One past the last page of the hinted range.</summary>
    public ulong EndPage { get; }

    /// <summary>Requested targets, bit i = target i.</summary>
    public ulong RequestedMask { get; }

    /// <summary>Trace time, ns.</summary>
    public long TimeNs { get; }

    /// <summary>Index of the trace record, from 0.</summary>
    public long RecordIndex { get; }

    /// <summary>The topology restricted to the policy's declared versions.</summary>
    public PolicyTopology Topology => _host.Topology;

    /// <summary>Moves the hinted range's populated pages to <paramref name="target"/> now (reason: hint).</summary>
    public bool Migrate(TargetId target) => _host.RequestMigration(ProcessId, StartPage, EndPage, target.Value, MigrationReason.Hint);
}
