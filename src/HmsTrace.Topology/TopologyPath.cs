namespace HmsTrace.Topology;

/// <summary>
/// The cost of the path between an initiator and a target (or between two targets): latencies add
/// up along the path, bandwidth is the smallest on it. <see cref="IsReachable"/> false means there
/// is no path; the other members are then zero and must not be used.
/// </summary>
/// <param name="IsReachable">Whether a path exists.</param>
/// <param name="ReadLatencyNs">Sum of read latencies along the path.</param>
/// <param name="WriteLatencyNs">Sum of write latencies along the path.</param>
/// <param name="ReadBandwidthBytesPerSec">Smallest read bandwidth on the path.</param>
/// <param name="WriteBandwidthBytesPerSec">Smallest write bandwidth on the path.</param>
/// <param name="Hops">Vertex names along the path, source first.</param>
public readonly record struct TopologyPath(
    bool IsReachable,
    long ReadLatencyNs,
    long WriteLatencyNs,
    long ReadBandwidthBytesPerSec,
    long WriteBandwidthBytesPerSec,
    IReadOnlyList<string> Hops)
{
    /// <summary>The explicit "no path" value.</summary>
    public static TopologyPath Unreachable { get; } = new(false, 0, 0, 0, 0, []);

    /// <summary>The zero-cost path from a vertex to itself.</summary>
    public static TopologyPath Self(string name) => new(true, 0, 0, long.MaxValue, long.MaxValue, [name]);

    /// <summary>
    /// Modeled time in ns to move <paramref name="bytes"/> over this path as reads (write = false) or
    /// writes: latency plus bytes / bandwidth, rounded up. Throws if the path is unreachable.
    /// </summary>
    public long TransferNs(ulong bytes, bool write)
    {
        if (!IsReachable)
        {
            throw new InvalidOperationException("No path: the pair is unreachable.");
        }

        var latency = write ? WriteLatencyNs : ReadLatencyNs;
        var bandwidth = write ? WriteBandwidthBytesPerSec : ReadBandwidthBytesPerSec;
        return checked(latency + TransferTime.Ns(bytes, bandwidth));
    }
}
