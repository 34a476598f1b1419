namespace HmsTrace.Traces.Generators;

/// <summary>Upper bounds on generator options, so that counts and addresses never overflow.</summary>
internal static class Limits
{
    /// <summary>2^40 accesses: more than anyone replays, far from overflowing a long of nanoseconds at sane intervals.</summary>
    public const long MaxAccesses = 1L << 40;

    /// <summary>64 TiB per buffer keeps every address below 2^48 above <see cref="MappedBuffer.FirstAddress"/>... and below 2^64 always.</summary>
    public const long MaxBufferBytes = 1L << 46;

    /// <summary>Pages of a hot-set footprint: 2^28 pages (1 TiB at 4 KiB); the zipf shuffle keeps one int per page.</summary>
    public const long MaxFootprintPages = 1L << 28;
}
