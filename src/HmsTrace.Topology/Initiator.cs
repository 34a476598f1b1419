namespace HmsTrace.Topology;

/// <summary>Something that issues accesses: a CPU (set of CPU ids) or a device (bus id).</summary>
/// <param name="Id">Versioned identity.</param>
/// <param name="Name">Human name; trace records name initiators by it (for example <c>cpu0</c>).</param>
/// <param name="Kind">CPU, GPU or accelerator.</param>
/// <param name="Cpus">CPU ids as a list expression (<c>0-15,32-47</c>) for CPUs, else null.</param>
/// <param name="BusId">PCIe bus id for devices, else null.</param>
public sealed record Initiator(ObjectId Id, string Name, InitiatorKind Kind, string? Cpus, string? BusId);
