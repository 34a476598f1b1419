namespace HmsTrace.Replay.Pipeline;

/// <summary>Progress of a replay, reported after each batch.</summary>
/// <param name="Records">Records replayed so far.</param>
/// <param name="TotalRecords">Records in the trace when the format says, else null.</param>
public readonly record struct ReplayProgress(long Records, long? TotalRecords);
