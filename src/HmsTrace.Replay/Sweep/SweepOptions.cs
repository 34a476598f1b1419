namespace HmsTrace.Replay.Sweep;

/// <summary>How a sweep runs (not what it computes: none of these change a result file). Immutable.</summary>
public sealed record SweepOptions
{
    /// <summary>At most this many engines replay a batch at any moment (<c>--parallel</c>). Default: the core count.</summary>
    public int Parallel { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// At most this many replays of one trace are fed by one decoder (<c>--share-decoding</c>); 1
    /// decodes the trace once per replay. Replays sharing a decoder advance together, so all of them
    /// hold their engine state at once. Default 8.
    /// </summary>
    public int ShareDecoding { get; init; } = 8;

    /// <summary>Records per decoded batch. Default 65536.</summary>
    public int BatchRecords { get; init; } = 65_536;

    /// <summary>Decoded batches that may wait for each engine. Default 4.</summary>
    public int ChannelCapacity { get; init; } = 4;
}
