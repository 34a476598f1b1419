using HmsTrace.Replay.Pipeline;

namespace HmsTrace.Replay.Sweep;

/// <summary>The end of one run of a sweep.</summary>
/// <param name="Run">The run.</param>
/// <param name="Status">Completed, skipped or failed.</param>
/// <param name="Result">The replay's result when it was replayed now, else null.</param>
/// <param name="Error">Why it failed (a message naming the file and line, or the policy hook and record), else null.</param>
public sealed record SweepRunOutcome(SweepRun Run, SweepRunStatus Status, ReplayResult? Result, string? Error);
