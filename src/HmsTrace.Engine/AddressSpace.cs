using HmsTrace.Engine.Ranges;

namespace HmsTrace.Engine;

/// <summary>
/// One process: its range map, what it uses of each target, and whether it maps memory explicitly.
/// A process is implicit (every address is mapped on first access, as in traces without mmap
/// records) until its first mmap record; from then on accesses outside its mappings are trace errors.
/// </summary>
internal sealed class AddressSpace(uint processId, int targetCount, bool pageTable = true)
{
    public uint ProcessId { get; } = processId;

    public RangeMap Map { get; } = new(pageTable);

    /// <summary>Pages this process has on each target.</summary>
    public long[] UsedPages { get; } = new long[targetCount];

    public bool Explicit { get; set; }
}
