namespace HmsTrace.Topology;

/// <summary>A memory: node DRAM, HBM, GPU memory, persistent or CXL memory.</summary>
/// <param name="Id">Versioned identity.</param>
/// <param name="Name">Human name, used in results and references.</param>
/// <param name="Kind">What kind of memory.</param>
/// <param name="CapacityBytes">Usable capacity in bytes; positive.</param>
/// <param name="NodeId">NUMA node id as the OS would report it.</param>
/// <param name="QuotaBytesPerProcess">At most this many bytes per process, or null for no quota.</param>
/// <param name="AllowedProcesses">Process ids allowed to place data here, or null for everyone.</param>
public sealed record Target(
    ObjectId Id,
    string Name,
    TargetKind Kind,
    long CapacityBytes,
    int NodeId,
    long? QuotaBytesPerProcess,
    IReadOnlyList<uint>? AllowedProcesses);
