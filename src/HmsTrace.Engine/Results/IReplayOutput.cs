namespace HmsTrace.Engine.Results;

/// <summary>
/// Receives the rows a replay produces, in order, on the engine's thread. Implementations batch
/// them towards table writers; they must copy what they keep (rows are values, strings are shared).
/// </summary>
public interface IReplayOutput
{
    /// <summary>An <c>epochs</c> row.</summary>
    void Epoch(in EpochRow row);

    /// <summary>A <c>migrations</c> row.</summary>
    void Migration(in MigrationRow row);

    /// <summary>A <c>ranges</c> snapshot row.</summary>
    void Range(in RangeRow row);
}
