namespace HmsTrace.Topology;

/// <summary>
/// An undirected connection between two topology vertices (initiator, target or bridge), with
/// separate read and write costs. Reads flow target→initiator, writes initiator→target; both use
/// the same path.
/// </summary>
/// <param name="Id">Versioned identity.</param>
/// <param name="From">Name of one endpoint.</param>
/// <param name="To">Name of the other endpoint.</param>
/// <param name="ReadLatencyNs">Latency of a read across the link, ns; non-negative.</param>
/// <param name="WriteLatencyNs">Latency of a write across the link, ns; non-negative.</param>
/// <param name="ReadBandwidthBytesPerSec">Read bandwidth in bytes per second; positive.</param>
/// <param name="WriteBandwidthBytesPerSec">Write bandwidth in bytes per second; positive.</param>
public sealed record Link(
    ObjectId Id,
    string From,
    string To,
    long ReadLatencyNs,
    long WriteLatencyNs,
    long ReadBandwidthBytesPerSec,
    long WriteBandwidthBytesPerSec);
