namespace HmsTrace.Policy;

/// <summary>
/// The first touch (fault) of unpopulated pages <c>[StartPage, EndPage)</c> by an initiator.
/// A ref struct: valid only during the hook call.
/// </summary>
public readonly ref struct FirstTouchContext
{
    private readonly IPolicyHost _host;

    internal FirstTouchContext(IPolicyHost host, uint processId, InitiatorId initiator, ulong startPage, ulong endPage, bool isWrite, long timeNs, long recordIndex, TargetId defaultTarget)
    {
        _host = host;
        ProcessId = processId;
        Initiator = initiator;
        StartPage = startPage;
        EndPage = endPage;
        IsWrite = isWrite;
        TimeNs = timeNs;
        RecordIndex = recordIndex;
        DefaultTarget = defaultTarget;
    }

    /// <summary>Faulting process.</summary>
    public uint ProcessId { get; }

    /// <summary>Faulting initiator.</summary>
    public InitiatorId Initiator { get; }

    /// <summary>First faulting page.</summary>
    public ulong StartPage { get; }

    /// <summary>One past the last faulting page.</summary>
    public ulong EndPage { get; }

    /// <summary>Whether the access is a write.</summary>
    public bool IsWrite { get; }

    /// <summary>Trace time, ns.</summary>
    public long TimeNs { get; }

    /// <summary>Index of the trace record, from 0.</summary>
    public long RecordIndex { get; }

    /// <summary>The engine's default: the initiator's best target with room (falling back along its preference list).</summary>
    public TargetId DefaultTarget { get; }

    /// <summary>The topology restricted to the policy's declared versions.</summary>
    public PolicyTopology Topology => _host.Topology;

    /// <summary>Free bytes of <paramref name="target"/> right now.</summary>
    public long FreeBytes(TargetId target) => _host.FreeBytes(target.Value);

    /// <summary>Bytes process <paramref name="processId"/> has on <paramref name="target"/> right now.</summary>
    public long UsedBytes(uint processId, TargetId target) => _host.UsedBytes(processId, target.Value);
}
