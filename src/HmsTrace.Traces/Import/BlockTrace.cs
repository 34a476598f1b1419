namespace HmsTrace.Traces.Import;

/// <summary>
/// How libCacheSim block traces map to byte addresses. The object id of a block trace is the
/// request's logical block number (the csv's <c>lbn</c> column; oracleGeneral keeps it as
/// <c>obj_id</c>), counted in 512-byte sectors as SCSI logical block addresses are: every request
/// size in the cloudPhysics sample is a multiple of 512. So address = object id × 512 for both
/// encodings, and times (whole seconds) become ns.
/// </summary>
internal static class BlockTrace
{
    public const ulong SectorBytes = 512;

    public const long NsPerSecond = 1_000_000_000;

    /// <summary>The byte address of a block, or false when it does not fit in 64 bits.</summary>
    public static bool TryAddress(ulong block, ulong size, out ulong address)
    {
        address = 0;
        if (block > ulong.MaxValue / SectorBytes)
        {
            return false;
        }

        address = block * SectorBytes;
        return address + size >= address;
    }
}
