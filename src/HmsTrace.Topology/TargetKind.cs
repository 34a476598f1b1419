namespace HmsTrace.Topology;

/// <summary>What kind of memory a target is.</summary>
public enum TargetKind
{
    /// <summary>Node-local CPU DRAM.</summary>
    Dram,

    /// <summary>High-bandwidth memory on package.</summary>
    Hbm,

    /// <summary>GPU device memory.</summary>
    Gpu,

    /// <summary>Persistent memory.</summary>
    Pmem,

    /// <summary>CXL-attached memory expander.</summary>
    Cxl,

    /// <summary>Device memory the CPU cannot access coherently.</summary>
    NonCoherent,

    /// <summary>Anything else.</summary>
    Other,
}
