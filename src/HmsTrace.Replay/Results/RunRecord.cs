namespace HmsTrace.Replay.Results;

/// <summary>One row of a dataset's <c>runs</c> table, the columns <c>hmstrace compare</c> ranks by. Immutable.</summary>
public sealed record RunRecord
{
    /// <summary>The run id.</summary>
    public required string RunId { get; init; }

    /// <summary>Trace partition name.</summary>
    public required string Trace { get; init; }

    /// <summary>SHA-256 of the trace file (two files of one name are two traces under one partition).</summary>
    public string TraceSha256 { get; init; } = "";

    /// <summary>Topology name.</summary>
    public required string Topology { get; init; }

    /// <summary>Identity of the topology with its capacity overrides.</summary>
    public required string TopologySha256 { get; init; }

    /// <summary>Policy name.</summary>
    public required string Policy { get; init; }

    /// <summary>Parameters as canonical JSON.</summary>
    public required string ParametersJson { get; init; }

    /// <summary>The seed handed to the policy.</summary>
    public long Seed { get; init; }

    /// <summary>Epoch length in trace ns, or 0 when epochs count records.</summary>
    public long EpochNs { get; init; }

    /// <summary>Epoch length in records, or 0 when epochs are trace time.</summary>
    public long EpochRecords { get; init; }

    /// <summary>The bound on monitoring regions the epoch hook saw, or 0 for every range (runs schema 3; 0 in older files).</summary>
    public long MaxRegions { get; init; }

    /// <summary>Records replayed.</summary>
    public required long Records { get; init; }

    /// <summary>Access-weighted hit rate, 0 to 1.</summary>
    public required double HitRate { get; init; }

    /// <summary>Byte-weighted hit rate, 0 to 1.</summary>
    public required double ByteHitRate { get; init; }

    /// <summary>Modeled access time, ns.</summary>
    public required long ModeledNs { get; init; }

    /// <summary>Modeled migration time, ns.</summary>
    public required long MigrationNs { get; init; }

    /// <summary>Migration requests.</summary>
    public required long MigrationsRequested { get; init; }

    /// <summary>Migrations that moved pages (fully or partly).</summary>
    public required long MigrationsMoved { get; init; }

    /// <summary>Bytes migrated.</summary>
    public required long BytesMigrated { get; init; }

    /// <summary>Ping-pongs.</summary>
    public required long PingPongs { get; init; }

    /// <summary>Policy faults.</summary>
    public required long PolicyFaults { get; init; }
}
