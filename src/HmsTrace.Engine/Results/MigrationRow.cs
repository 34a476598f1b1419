using HmsTrace.Policy;

namespace HmsTrace.Engine.Results;

/// <summary>One row of the <c>migrations</c> table: one migration request and how it ended.</summary>
/// <param name="TimeNs">Trace time of the request.</param>
/// <param name="Epoch">Epoch of the request.</param>
/// <param name="RecordIndex">Trace record being processed (for epoch-tick requests, the record that closed the epoch).</param>
/// <param name="ProcessId">Process.</param>
/// <param name="StartAddress">First byte of the requested range.</param>
/// <param name="EndAddress">One past the last byte of the requested range.</param>
/// <param name="Pages">Pages in the requested range.</param>
/// <param name="From">Source target when all moved pages came from one target, "mixed" otherwise, null when none.</param>
/// <param name="To">Destination target.</param>
/// <param name="Reason">Why it was requested.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="PagesMoved">Populated pages moved (holes are never populated by a migration).</param>
/// <param name="PagesFailed">Pages that should have moved but did not (pinned, or all of them on failure).</param>
/// <param name="CostNs">Modeled cost: request overhead, per-page overhead and transfer time.</param>
/// <param name="PingPong">Whether some moved pages returned to a target they left within the ping-pong window.</param>
public readonly record struct MigrationRow(
    long TimeNs,
    long Epoch,
    long RecordIndex,
    uint ProcessId,
    ulong StartAddress,
    ulong EndAddress,
    long Pages,
    string? From,
    string To,
    MigrationReason Reason,
    MigrationOutcome Outcome,
    long PagesMoved,
    long PagesFailed,
    long CostNs,
    bool PingPong);
