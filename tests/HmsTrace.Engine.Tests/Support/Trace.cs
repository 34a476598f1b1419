using HmsTrace.Traces;

namespace HmsTrace.Engine.Tests.Support;

/// <summary>Hand-written trace records. Addresses are bytes; <see cref="Page"/> turns page numbers into addresses.</summary>
internal static class Trace
{
    public const ulong PageSize = 4096;

    public static ulong Page(ulong page) => page * PageSize;

    public static TraceRecord Read(long timeNs, ulong address, ulong size, ushort initiator = 0, uint pid = 1)
        => new(timeNs, address, size, 0, pid, initiator, TraceOperation.Read);

    public static TraceRecord Write(long timeNs, ulong address, ulong size, ushort initiator = 0, uint pid = 1)
        => new(timeNs, address, size, 0, pid, initiator, TraceOperation.Write);

    /// <summary>A read of the whole page <paramref name="page"/>.</summary>
    public static TraceRecord ReadPage(long timeNs, ulong page, ushort initiator = 0, uint pid = 1)
        => Read(timeNs, Page(page), PageSize, initiator, pid);

    public static TraceRecord Mmap(long timeNs, ulong address, ulong size, uint pid = 1)
        => new(timeNs, address, size, 0, pid, 0, TraceOperation.Mmap);

    public static TraceRecord Munmap(long timeNs, ulong address, ulong size, uint pid = 1)
        => new(timeNs, address, size, 0, pid, 0, TraceOperation.Munmap);

    public static TraceRecord Mremap(long timeNs, ulong address, ulong size, ulong newAddress, uint pid = 1)
        => new(timeNs, address, size, newAddress, pid, 0, TraceOperation.Mremap);

    public static TraceRecord Hbind(long timeNs, ulong address, ulong size, ulong targetMask, uint pid = 1)
        => new(timeNs, address, size, targetMask, pid, 0, TraceOperation.Hbind);

    public static TraceRecord Pin(long timeNs, ulong address, ulong size, uint pid = 1)
        => new(timeNs, address, size, 0, pid, 0, TraceOperation.Pin);

    public static TraceRecord Unpin(long timeNs, ulong address, ulong size, uint pid = 1)
        => new(timeNs, address, size, 0, pid, 0, TraceOperation.Unpin);

    /// <summary>A monitored region seen accessed <paramref name="count"/> times in its window (0: seen idle).</summary>
    public static TraceRecord Region(long timeNs, ulong address, ulong size, ulong count, uint pid = 1)
        => new(timeNs, address, size, count, pid, 0, TraceOperation.RegionAccess);

    public static TraceRecord Marker(long timeNs, ulong tag = 0, uint pid = 1)
        => new(timeNs, 0, 0, tag, pid, 0, TraceOperation.Marker);

    /// <summary>ceil(bytes × 1e9 / bandwidth): the transfer time the engine charges, written independently.</summary>
    public static long TransferNs(long bytes, long bandwidthBytesPerSec)
        => (long)(((System.Numerics.BigInteger)bytes * 1_000_000_000 + bandwidthBytesPerSec - 1) / bandwidthBytesPerSec);
}
