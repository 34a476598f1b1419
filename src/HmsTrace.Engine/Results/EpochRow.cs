namespace HmsTrace.Engine.Results;

/// <summary>
/// One row of the <c>epochs</c> table: the traffic from one initiator to one target during one
/// epoch, or (with a null initiator) a target that held data but saw no traffic.
/// </summary>
/// <param name="Epoch">Epoch number from 0.</param>
/// <param name="StartNs">Epoch start, trace ns.</param>
/// <param name="EndNs">Epoch end (exclusive), trace ns.</param>
/// <param name="Initiator">Initiator name, or null for a resident-only row.</param>
/// <param name="Target">Target name.</param>
/// <param name="Accesses">Page touches.</param>
/// <param name="Bytes">Bytes accessed.</param>
/// <param name="Hits">Page touches served from the initiator's best target.</param>
/// <param name="HitBytes">Bytes served from the initiator's best target.</param>
/// <param name="ModeledNs">Modeled access time (latency per page plus transfer time).</param>
/// <param name="ResidentBytes">Bytes resident on the target at the end of the epoch.</param>
public readonly record struct EpochRow(
    long Epoch,
    long StartNs,
    long EndNs,
    string? Initiator,
    string Target,
    long Accesses,
    long Bytes,
    long Hits,
    long HitBytes,
    long ModeledNs,
    long ResidentBytes);
