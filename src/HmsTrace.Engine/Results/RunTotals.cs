namespace HmsTrace.Engine.Results;

/// <summary>
/// Totals of one replay (the measured part of a <c>runs</c> row). Hit rates are derived, so they
/// can never disagree with the counts.
/// </summary>
public sealed record RunTotals
{
    /// <summary>Trace records processed.</summary>
    public long Records { get; init; }

    /// <summary>Page touches (a record spanning pages touches each).</summary>
    public long Accesses { get; init; }

    /// <summary>Bytes accessed.</summary>
    public long Bytes { get; init; }

    /// <summary>Page touches served from the initiator's best target (already resident there).</summary>
    public long Hits { get; init; }

    /// <summary>Bytes served from the initiator's best target.</summary>
    public long HitBytes { get; init; }

    /// <summary>Page touches that populated memory (first touch).</summary>
    public long FirstTouches { get; init; }

    /// <summary>Modeled access time plus synchronous migration time, ns.</summary>
    public long ModeledNs { get; init; }

    /// <summary>Migration requests recorded.</summary>
    public long MigrationsRequested { get; init; }

    /// <summary>Requests that moved everything (outcome moved).</summary>
    public long MigrationsMoved { get; init; }

    /// <summary>Requests that moved part (outcome partial).</summary>
    public long MigrationsPartial { get; init; }

    /// <summary>Requests that moved nothing (pinned, no capacity, denied, nothing populated).</summary>
    public long MigrationsFailed { get; init; }

    /// <summary>Bytes moved by migrations.</summary>
    public long BytesMigrated { get; init; }

    /// <summary>Modeled migration time, ns (included in <see cref="ModeledNs"/> when synchronous).</summary>
    public long MigrationNs { get; init; }

    /// <summary>Migrations that returned pages to a target they left within the ping-pong window.</summary>
    public long PingPongs { get; init; }

    /// <summary>Policy faults (exceptions or invalid decisions).</summary>
    public long PolicyFaults { get; init; }

    /// <summary>Message of the first policy fault, or null.</summary>
    public string? FirstPolicyFault { get; init; }

    /// <summary>Fuel steps a metered (script) policy spent; 0 for built-in policies.</summary>
    public long PolicyFuelUsed { get; init; }

    /// <summary>Accesses, pins and hints to unmapped memory and unbalanced unpins: errors of the trace, counted, not fatal.</summary>
    public long TraceErrors { get; init; }

    /// <summary>Pages placed beyond a target's capacity because no target had room.</summary>
    public long OvercommittedPages { get; init; }

    /// <summary>Epochs completed.</summary>
    public long Epochs { get; init; }

    /// <summary>Largest number of ranges held at once.</summary>
    public long PeakRanges { get; init; }

    /// <summary>Access-weighted hit rate in [0, 1]; 0 when there were no accesses.</summary>
    public double HitRate => Accesses == 0 ? 0 : (double)Hits / Accesses;

    /// <summary>Byte-weighted hit rate in [0, 1]; 0 when there were no bytes.</summary>
    public double ByteHitRate => Bytes == 0 ? 0 : (double)HitBytes / Bytes;
}
