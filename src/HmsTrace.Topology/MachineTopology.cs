namespace HmsTrace.Topology;

/// <summary>
/// The enumeration of a machine: every target, initiator, link and bridge the topology file lists,
/// whatever its version, plus machine-wide constants. Immutable. To use it, a consumer binds it to
/// the object versions it understands (<see cref="Bind"/>): objects of other versions stay listed
/// here but are never used by the binding.
/// </summary>
public sealed class MachineTopology
{
    /// <summary>Creates a topology; use <see cref="TopologyLoader"/> to read and validate one from JSON.</summary>
    public MachineTopology(
        string name,
        long pageSizeBytes,
        long migrationRequestOverheadNs,
        long migrationPageOverheadNs,
        IReadOnlyList<Target> targets,
        IReadOnlyList<Initiator> initiators,
        IReadOnlyList<Link> links,
        IReadOnlyList<Bridge> bridges)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSizeBytes);
        Name = name;
        PageSizeBytes = pageSizeBytes;
        MigrationRequestOverheadNs = migrationRequestOverheadNs;
        MigrationPageOverheadNs = migrationPageOverheadNs;
        Targets = targets;
        Initiators = initiators;
        Links = links;
        Bridges = bridges;
    }

    /// <summary>The machine's name.</summary>
    public string Name { get; }

    /// <summary>Page size in bytes (default 4 KiB); a power of two.</summary>
    public long PageSizeBytes { get; }

    /// <summary>Fixed cost of one migration request, ns.</summary>
    public long MigrationRequestOverheadNs { get; }

    /// <summary>Cost per page moved, ns, on top of the transfer time.</summary>
    public long MigrationPageOverheadNs { get; }

    /// <summary>All targets, in file order.</summary>
    public IReadOnlyList<Target> Targets { get; }

    /// <summary>All initiators, in file order.</summary>
    public IReadOnlyList<Initiator> Initiators { get; }

    /// <summary>All links, in file order.</summary>
    public IReadOnlyList<Link> Links { get; }

    /// <summary>All bridges, in file order.</summary>
    public IReadOnlyList<Bridge> Bridges { get; }

    /// <summary>
    /// Binds the topology for a consumer that understands <paramref name="versions"/>: computes
    /// initiator→target and target→target paths over the usable objects. Throws
    /// <see cref="TopologyException"/> when a usable target cannot be reached or a path is ambiguous.
    /// </summary>
    public TopologyBinding Bind(IReadOnlyCollection<int> versions) => new(this, versions);

    /// <summary>Returns a copy with the named target's capacity replaced (for <c>--capacity</c>).</summary>
    public MachineTopology WithTargetCapacity(string targetName, long capacityBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityBytes);
        return WithTarget(targetName, t => t with { CapacityBytes = capacityBytes });
    }

    /// <summary>Returns a copy with the named target's per-process quota replaced (for <c>--quota</c>).</summary>
    public MachineTopology WithTargetQuota(string targetName, long quotaBytesPerProcess)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quotaBytesPerProcess);
        return WithTarget(targetName, t => t with { QuotaBytesPerProcess = quotaBytesPerProcess });
    }

    /// <summary>Returns a copy with the named target's allow-list replaced (for <c>--allow</c>).</summary>
    public MachineTopology WithTargetAllowList(string targetName, IReadOnlyList<uint> processIds)
    {
        ArgumentNullException.ThrowIfNull(processIds);
        return WithTarget(targetName, t => t with { AllowedProcesses = processIds });
    }

    private MachineTopology WithTarget(string targetName, Func<Target, Target> change)
    {
        var found = false;
        var targets = new Target[Targets.Count];
        for (var i = 0; i < targets.Length; i++)
        {
            targets[i] = Targets[i];
            if (string.Equals(Targets[i].Name, targetName, StringComparison.Ordinal))
            {
                targets[i] = change(Targets[i]);
                found = true;
            }
        }

        if (!found)
        {
            throw new KeyNotFoundException($"no target named '{targetName}'");
        }

        return new MachineTopology(Name, PageSizeBytes, MigrationRequestOverheadNs, MigrationPageOverheadNs, targets, Initiators, Links, Bridges);
    }
}
