using System.Runtime.InteropServices;

namespace HmsTrace.Traces;

/// <summary>
/// One event of a memory trace, whatever format it came from. The layout is exactly the 40-byte
/// little-endian record of the binary trace format (docs/trace-formats.md), so the binary decoder
/// copies records instead of parsing them.
/// </summary>
/// <param name="TimeNs">Trace time in nanoseconds (a virtual clock for formats without time).</param>
/// <param name="Address">First byte touched (virtual address in the process).</param>
/// <param name="Size">Number of bytes, at least 1 for accesses.</param>
/// <param name="Argument">Operation-specific word: target mask for hbind, new address for mremap, count for region accesses.</param>
/// <param name="ProcessId">Process the address belongs to.</param>
/// <param name="Initiator">Index into the trace's initiator table.</param>
/// <param name="Operation">What the record does.</param>
[StructLayout(LayoutKind.Sequential, Pack = 1, Size = 40)]
public readonly record struct TraceRecord(
    long TimeNs,
    ulong Address,
    ulong Size,
    ulong Argument,
    uint ProcessId,
    ushort Initiator,
    TraceOperation Operation)
{
    /// <summary>Size of one record in the binary format, in bytes.</summary>
    public const int EncodedSize = 40;

    /// <summary>True for <see cref="TraceOperation.Read"/> and <see cref="TraceOperation.Write"/>.</summary>
    public bool IsAccess => Operation <= TraceOperation.Write;

    /// <summary>One past the last byte: <c>Address + Size</c>.</summary>
    public ulong End => Address + Size;
}
