namespace HmsTrace.Report;

/// <summary>
/// One row of the <c>runs</c> table: a replay's identity (inputs and their content hashes) and its totals. Times are
/// nanoseconds of modeled or trace time, sizes are bytes, rates are fractions in [0, 1].
/// </summary>
public sealed record RunSummary
{
    /// <summary>The run id (16 hex digits over every input's identity).</summary>
    public required string RunId { get; init; }

    /// <summary>The trace partition name.</summary>
    public required string Trace { get; init; }

    /// <summary>The trace's format (hmst, csv, lackey, ...).</summary>
    public string TraceFormat { get; init; } = "";

    /// <summary>SHA-256 of the trace file, lowercase hex.</summary>
    public string TraceSha256 { get; init; } = "";

    /// <summary>The topology's name.</summary>
    public string Topology { get; init; } = "";

    /// <summary>SHA-256 of the topology (including capacity overrides), lowercase hex.</summary>
    public string TopologySha256 { get; init; } = "";

    /// <summary>The policy partition name.</summary>
    public required string Policy { get; init; }

    /// <summary>SHA-256 identifying the policy's code, lowercase hex.</summary>
    public string PolicySha256 { get; init; } = "";

    /// <summary>Policy parameters as canonical JSON (keys sorted), <c>{}</c> when none.</summary>
    public string ParametersJson { get; init; } = "{}";

    /// <summary>The seed handed to the policy.</summary>
    public long Seed { get; init; }

    /// <summary>Epoch length in trace ns, or 0 when epochs count records.</summary>
    public long EpochNs { get; init; }

    /// <summary>Epoch length in records, or 0 when epochs are trace time.</summary>
    public long EpochRecords { get; init; }

    /// <summary>The bound on monitoring regions the epoch hook saw, or 0 when it saw every range (0 in files older than runs schema 3).</summary>
    public long MaxRegions { get; init; }

    /// <summary>The engine version that produced the run.</summary>
    public string EngineVersion { get; init; } = "";

    /// <summary>Trace records replayed.</summary>
    public long Records { get; init; }

    /// <summary>Page touches.</summary>
    public long Accesses { get; init; }

    /// <summary>Bytes accessed.</summary>
    public long Bytes { get; init; }

    /// <summary>Page touches served from the initiator's best target.</summary>
    public long Hits { get; init; }

    /// <summary>Access-weighted hit rate.</summary>
    public double HitRate { get; init; }

    /// <summary>Byte-weighted hit rate.</summary>
    public double ByteHitRate { get; init; }

    /// <summary>Modeled access time, ns.</summary>
    public long ModeledNs { get; init; }

    /// <summary>Migration requests.</summary>
    public long MigrationsRequested { get; init; }

    /// <summary>Migration requests that moved every page.</summary>
    public long MigrationsMoved { get; init; }

    /// <summary>Migration requests that moved some pages.</summary>
    public long MigrationsPartial { get; init; }

    /// <summary>Migration requests that moved nothing.</summary>
    public long MigrationsFailed { get; init; }

    /// <summary>Bytes moved by migrations.</summary>
    public long BytesMigrated { get; init; }

    /// <summary>Modeled migration time, ns.</summary>
    public long MigrationNs { get; init; }

    /// <summary>Migrations that returned a range to a target it had left within the ping-pong window.</summary>
    public long PingPongs { get; init; }

    /// <summary>Policy faults (exceptions, fuel exhaustion, invalid decisions) the run continued past.</summary>
    public long PolicyFaults { get; init; }

    /// <summary>The first policy fault's message, if any.</summary>
    public string? FirstPolicyFault { get; init; }

    /// <summary>Epochs in the run.</summary>
    public long Epochs { get; init; }
}
