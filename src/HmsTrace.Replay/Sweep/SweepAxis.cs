namespace HmsTrace.Replay.Sweep;

/// <summary>One dimension of a sweep's grid: a parameter name and the values it takes, in the given order.</summary>
/// <param name="Name">Parameter name (<c>chunk_pages</c>), or a target name for a capacity axis (<c>fast</c>).</param>
/// <param name="Values">The values, at least one.</param>
public sealed record SweepAxis(string Name, IReadOnlyList<string> Values);
