namespace HmsTrace.Topology;

/// <summary>
/// Lets initiators reach targets behind another link (PCIe root complex, NVLink, CXL switch).
/// A path that passes through the bridge adds its latency and is limited by its bandwidth.
/// </summary>
/// <param name="Id">Versioned identity.</param>
/// <param name="Name">Human name, used by links to attach to the bridge.</param>
/// <param name="LatencyNs">Latency added by crossing the bridge, ns.</param>
/// <param name="BandwidthBytesPerSec">Bandwidth through the bridge, bytes per second.</param>
/// <param name="Initiators">Names of the initiators that may route through the bridge; empty means all.</param>
public sealed record Bridge(ObjectId Id, string Name, long LatencyNs, long BandwidthBytesPerSec, IReadOnlyList<string> Initiators);
