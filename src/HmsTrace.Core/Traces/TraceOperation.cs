namespace HmsTrace.Traces;

/// <summary>
/// What a trace record does. The numeric values are the on-disk codes of the binary trace format
/// (docs/trace-formats.md) and must never change.
/// </summary>
public enum TraceOperation : byte
{
    /// <summary>A load of <c>Size</c> bytes at <c>Address</c>.</summary>
    Read = 0,

    /// <summary>A store of <c>Size</c> bytes at <c>Address</c>.</summary>
    Write = 1,

    /// <summary>A new mapping <c>[Address, Address + Size)</c>; pages are unpopulated until touched.</summary>
    Mmap = 2,

    /// <summary>Removes the mapping <c>[Address, Address + Size)</c> and frees its memory.</summary>
    Munmap = 3,

    /// <summary>Moves <c>[Address, Address + Size)</c> to start at <c>Argument</c>, keeping placement and statistics.</summary>
    Mremap = 4,

    /// <summary>An application hint that <c>[Address, Address + Size)</c> should live on the targets in <c>Argument</c> (bit i = target i).</summary>
    Hbind = 5,

    /// <summary>Pins <c>[Address, Address + Size)</c>: its pages cannot migrate until unpinned.</summary>
    Pin = 6,

    /// <summary>Undoes one <see cref="Pin"/> of <c>[Address, Address + Size)</c>.</summary>
    Unpin = 7,

    /// <summary>A user marker (phase boundary); <c>Argument</c> is a free-form tag. No memory effect.</summary>
    Marker = 8,

    /// <summary>
    /// A monitored region's access count over a window (DAMON-style), not an individual access:
    /// <c>[Address, Address + Size)</c> was seen accessed <c>Argument</c> times.
    /// </summary>
    RegionAccess = 9,
}
