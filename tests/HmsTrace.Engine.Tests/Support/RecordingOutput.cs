using HmsTrace.Engine.Results;

namespace HmsTrace.Engine.Tests.Support;

/// <summary>Keeps every row the engine emits, in order.</summary>
internal sealed class RecordingOutput : IReplayOutput
{
    public List<EpochRow> Epochs { get; } = [];

    public List<MigrationRow> Migrations { get; } = [];

    public List<RangeRow> Ranges { get; } = [];

    public void Epoch(in EpochRow row) => Epochs.Add(row);

    public void Migration(in MigrationRow row) => Migrations.Add(row);

    public void Range(in RangeRow row) => Ranges.Add(row);

    /// <summary>The range rows of the last snapshot.</summary>
    public List<RangeRow> LastRanges()
    {
        var last = Ranges.Count == 0 ? -1 : Ranges[^1].Epoch;
        return Ranges.Where(r => r.Epoch == last).ToList();
    }
}
