namespace HmsTrace.Replay.Pipeline;

/// <summary>Progress of a replay, reported after each batch.</summary>
/// <param name="Records">Records replayed (or, while <paramref name="ReadingAhead"/>, read ahead) so far.</param>
/// <param name="TotalRecords">Records in the trace when the format says, else null.</param>
/// <param name="ReadingAhead">Whether the policy is still reading the trace ahead of the replay (<c>optimal</c>'s pre-pass).</param>
public readonly record struct ReplayProgress(long Records, long? TotalRecords, bool ReadingAhead = false);
