namespace HmsTrace.Policy;

/// <summary>
/// <see cref="Target"/> lacks room for <see cref="NeededBytes"/>: the policy may demote victims
/// (<see cref="Demote"/>) and then answer whether to retry, fall back to the next target, or fail.
/// A ref struct: valid only during the hook call.
/// </summary>
public readonly ref struct PressureContext
{
    private readonly IPolicyHost _host;

    internal PressureContext(IPolicyHost host, TargetId target, long neededBytes, uint processId, long timeNs, long recordIndex)
    {
        _host = host;
        Target = target;
        NeededBytes = neededBytes;
        ProcessId = processId;
        TimeNs = timeNs;
        RecordIndex = recordIndex;
    }

    /// <summary>The full target.</summary>
    public TargetId Target { get; }

    /// <summary>Bytes the pending placement or migration needs: the whole request, of which <see cref="FreeBytes"/> of <see cref="Target"/> may already be free.</summary>
    public long NeededBytes { get; }

    /// <summary>Process whose request is waiting.</summary>
    public uint ProcessId { get; }

    /// <summary>Trace time, ns.</summary>
    public long TimeNs { get; }

    /// <summary>Index of the trace record, from 0.</summary>
    public long RecordIndex { get; }

    /// <summary>The topology restricted to the policy's declared versions.</summary>
    public PolicyTopology Topology => _host.Topology;

    /// <summary>Free bytes of <paramref name="target"/> right now.</summary>
    public long FreeBytes(TargetId target) => _host.FreeBytes(target.Value);

    /// <summary>
    /// Demotes the populated pages of <c>[startPage, endPage)</c> of process <paramref name="processId"/>
    /// that live on the full target to <paramref name="to"/> (reason: pressure). Returns whether all moved.
    /// </summary>
    public bool Demote(uint processId, ulong startPage, ulong endPage, TargetId to) => _host.Demote(processId, startPage, endPage, to.Value);
}
