using HmsTrace.Engine.Results;

namespace HmsTrace.Replay.Pipeline;

/// <summary>What a finished replay reports: identity, totals, timing, and the files it wrote.</summary>
/// <param name="RunId">The run's id (first 16 hex digits of the hash of all its inputs).</param>
/// <param name="TraceName">The trace partition name.</param>
/// <param name="PolicyName">The policy partition name.</param>
/// <param name="Totals">The engine's totals.</param>
/// <param name="WallNs">Wall-clock time of the replay, ns.</param>
/// <param name="PeakWorkingSetBytes">Peak working set of the process at the end, bytes.</param>
/// <param name="Files">Relative paths of the table files written.</param>
public sealed record ReplayResult(string RunId, string TraceName, string PolicyName, RunTotals Totals, long WallNs, long PeakWorkingSetBytes, IReadOnlyList<string> Files)
{
    /// <summary>Records per second of wall time.</summary>
    public double RecordsPerSecond => WallNs == 0 ? 0 : Totals.Records * 1e9 / WallNs;
}
