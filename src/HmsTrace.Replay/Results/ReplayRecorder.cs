using HmsTrace.Engine.Results;

namespace HmsTrace.Replay.Results;

/// <summary>
/// Turns the engine's rows into column batches of the result tables and hands each full batch to
/// <c>flush</c> (the pipeline posts it to the writer stage). Runs on the engine's thread; mutable.
/// </summary>
internal sealed class ReplayRecorder(TableBatchPool batches, Action<TableBatch> flush) : IReplayOutput
{
    private TableBatch _epochs = batches.Rent(ResultTables.Epochs);
    private TableBatch _migrations = batches.Rent(ResultTables.Migrations);
    private TableBatch _ranges = batches.Rent(ResultTables.Ranges);

    public void Epoch(in EpochRow row)
    {
        var b = _epochs;
        var r = b.Row();
        b.Set(r, 1, row.Epoch);
        b.Set(r, 2, row.StartNs);
        b.Set(r, 3, row.EndNs);
        b.Set(r, 4, row.Initiator);
        b.Set(r, 5, row.Target);
        b.Set(r, 6, row.Accesses);
        b.Set(r, 7, row.Bytes);
        b.Set(r, 8, row.Hits);
        b.Set(r, 9, row.HitBytes);
        b.Set(r, 10, row.ModeledNs);
        b.Set(r, 11, row.ResidentBytes);
        if (b.IsFull)
        {
            flush(b);
            _epochs = batches.Rent(ResultTables.Epochs);
        }
    }

    public void Migration(in MigrationRow row)
    {
        var b = _migrations;
        var r = b.Row();
        b.Set(r, 1, row.TimeNs);
        b.Set(r, 2, row.Epoch);
        b.Set(r, 3, row.RecordIndex);
        b.Set(r, 4, (long)row.ProcessId);
        b.Set(r, 5, unchecked((long)row.StartAddress));
        b.Set(r, 6, unchecked((long)row.EndAddress));
        b.Set(r, 7, row.Pages);
        b.Set(r, 8, row.From);
        b.Set(r, 9, row.To);
        b.Set(r, 10, ReasonName(row.Reason));
        b.Set(r, 11, OutcomeName(row.Outcome));
        b.Set(r, 12, row.PagesMoved);
        b.Set(r, 13, row.PagesFailed);
        b.Set(r, 14, row.CostNs);
        b.Set(r, 15, row.PingPong);
        if (b.IsFull)
        {
            flush(b);
            _migrations = batches.Rent(ResultTables.Migrations);
        }
    }

    public void Range(in RangeRow row)
    {
        var b = _ranges;
        var r = b.Row();
        b.Set(r, 1, row.Epoch);
        b.Set(r, 2, (long)row.ProcessId);
        b.Set(r, 3, unchecked((long)row.StartAddress));
        b.Set(r, 4, unchecked((long)row.EndAddress));
        b.Set(r, 5, row.Target);
        b.Set(r, 6, (long)row.PinCount);
        b.Set(r, 7, row.EpochAccesses);
        b.Set(r, 8, row.DecayedAccesses);
        b.Set(r, 9, row.LastAccessNs);
        b.Set(r, 10, row.AgeNs);
        b.Set(r, 11, (long)row.Migrations);
        if (b.IsFull)
        {
            flush(b);
            _ranges = batches.Rent(ResultTables.Ranges);
        }
    }

    /// <summary>Hands over the partly filled batches (called once at the end).</summary>
    public void FlushAll()
    {
        flush(_epochs);
        flush(_migrations);
        flush(_ranges);
    }

    /// <summary>The <c>reason</c> column's spelling.</summary>
    public static string ReasonName(HmsTrace.Policy.MigrationReason reason) => reason switch
    {
        HmsTrace.Policy.MigrationReason.Policy => "policy",
        HmsTrace.Policy.MigrationReason.Hint => "hint",
        HmsTrace.Policy.MigrationReason.Fault => "fault",
        _ => "pressure",
    };

    /// <summary>The <c>outcome</c> column's spelling.</summary>
    public static string OutcomeName(MigrationOutcome outcome) => outcome switch
    {
        MigrationOutcome.Moved => "moved",
        MigrationOutcome.Partial => "partial",
        MigrationOutcome.Pinned => "pinned",
        MigrationOutcome.NoCapacity => "no_capacity",
        MigrationOutcome.Denied => "denied",
        _ => "nothing_populated",
    };
}
