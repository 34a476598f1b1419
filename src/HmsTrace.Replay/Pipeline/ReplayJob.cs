using HmsTrace.Engine;
using HmsTrace.Topology;
using HmsTrace.Traces;

namespace HmsTrace.Replay.Pipeline;

/// <summary>Everything one replay needs. Immutable.</summary>
public sealed record ReplayJob
{
    /// <summary>Trace file path.</summary>
    public required string TracePath { get; init; }

    /// <summary>
    /// Opens the trace instead of <see cref="TraceFile.OpenRead"/> (for generated or shared traces);
    /// then <see cref="TraceSha256"/> should identify its content. Default null.
    /// </summary>
    public Func<ITraceReader>? OpenTrace { get; init; }

    /// <summary>Lowercase hex SHA-256 identifying the trace; null (default) hashes the file at <see cref="TracePath"/> while replaying.</summary>
    public string? TraceSha256 { get; init; }

    /// <summary>How to read the trace.</summary>
    public TraceReadOptions TraceOptions { get; init; } = new();

    /// <summary>The machine.</summary>
    public required MachineTopology Topology { get; init; }

    /// <summary>Lowercase hex SHA-256 of the topology file (after capacity overrides are applied, of their text too).</summary>
    public required string TopologySha256 { get; init; }

    /// <summary>The policy.</summary>
    public required PolicySource Policy { get; init; }

    /// <summary>Engine options, including policy parameters.</summary>
    public ReplayOptions Options { get; init; } = new();

    /// <summary>Trace name used in the <c>trace=</c> partition; default: the file name without extensions.</summary>
    public string? TraceName { get; init; }

    /// <summary>Records per decoded batch. Default 65536.</summary>
    public int BatchRecords { get; init; } = 65_536;

    /// <summary>Decoded batches that may wait for the engine (the channel's bound). Default 4.</summary>
    public int ChannelCapacity { get; init; } = 4;

    /// <summary>Rows per result batch (a row group at most). Default 1,048,576.</summary>
    public int ResultBatchRows { get; init; } = 1 << 20;
}
