using HmsTrace.Replay.Pipeline;

namespace HmsTrace.Replay.Sweep;

/// <summary>
/// Hears what a running sweep does, for a progress display. Called from the sweep's worker
/// threads, concurrently: implementations must be thread-safe and quick.
/// </summary>
public interface ISweepObserver
{
    /// <summary>A run starts replaying.</summary>
    void RunStarted(SweepRun run);

    /// <summary>A running replay made progress (after each batch of records).</summary>
    void RunProgress(SweepRun run, ReplayProgress progress);

    /// <summary>A run ended: completed, skipped (already complete) or failed.</summary>
    void RunFinished(SweepRunOutcome outcome);
}
