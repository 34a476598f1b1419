namespace HmsTrace.Topology;

/// <summary>What kind of agent issues accesses.</summary>
public enum InitiatorKind
{
    /// <summary>A CPU socket or set of CPUs.</summary>
    Cpu,

    /// <summary>A GPU, identified by its bus id.</summary>
    Gpu,

    /// <summary>Another accelerator or device, identified by its bus id.</summary>
    Accelerator,
}
