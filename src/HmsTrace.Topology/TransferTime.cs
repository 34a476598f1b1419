namespace HmsTrace.Topology;

/// <summary>Integer transfer-time arithmetic shared by the engine and the topology.</summary>
public static class TransferTime
{
    private const ulong NsPerSecond = 1_000_000_000UL;

    /// <summary>
    /// ns to move <paramref name="bytes"/> at <paramref name="bandwidthBytesPerSec"/>, rounded up;
    /// exact integer arithmetic (no floating point, so results are identical on every machine).
    /// <see cref="long.MaxValue"/> bandwidth means "no limit" and costs 0.
    /// </summary>
    public static long Ns(ulong bytes, long bandwidthBytesPerSec)
    {
        if (bandwidthBytesPerSec == long.MaxValue || bytes == 0)
        {
            return 0;
        }

        var bw = (ulong)bandwidthBytesPerSec;
        if (bytes < (1UL << 34))
        {
            return (long)(((bytes * NsPerSecond) + bw - 1) / bw);
        }

        var wide = (((UInt128)bytes * NsPerSecond) + bw - 1) / bw;
        return wide > long.MaxValue ? long.MaxValue : (long)wide;
    }
}
