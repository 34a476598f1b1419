namespace HmsTrace.Engine.Policies;

/// <summary>
/// The limits a metered (script) policy runs under. Immutable; the defaults suit real policies on
/// large traces and stop an endless loop within a fraction of a second.
/// </summary>
public sealed record FuelBudget
{
    /// <summary>Steps (loop iterations, method entries, jump targets) one hook call may take. Default 50,000,000.</summary>
    public long StepsPerCall { get; init; } = 50_000_000;

    /// <summary>Steps all hook calls of one run may take together. Default 10^13 (hours of policy work).</summary>
    public long StepsPerRun { get; init; } = 10_000_000_000_000;

    /// <summary>Deepest nesting of policy methods within one hook call. Default 256.</summary>
    public int MaxDepth { get; init; } = 256;

    /// <summary>Longest array a policy may create, in elements. Default 64 Mi.</summary>
    public long MaxArrayLength { get; init; } = 64L << 20;

    /// <summary>
    /// Wall-clock time one hook call may take before it is stopped at its next metered point; zero:
    /// no limit. Default 30 s. A backstop for where the step count misjudges the BCL's work; such a
    /// stop always fails the run, since where it lands depends on the machine.
    /// </summary>
    public TimeSpan TimePerCall { get; init; } = TimeSpan.FromSeconds(30);
}
