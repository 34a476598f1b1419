using System.Collections.Concurrent;

namespace HmsTrace.Replay.Results;

/// <summary>
/// Batches of one replay, handed back by the writer stage once written and handed out again to the
/// recorder, so that a replay reuses a few batches' column arrays instead of allocating new ones
/// (large-object-heap arrays, freed only by full collections) for every batch of rows. Holds at
/// most as many batches as the pipeline has in flight. Thread-safe.
/// </summary>
internal sealed class TableBatchPool(int batchRows)
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<TableBatch>> _spare = new(StringComparer.Ordinal);

    /// <summary>An empty batch of <paramref name="schema"/>: a returned one if any, else a new one.</summary>
    public TableBatch Rent(TableSchema schema)
    {
        if (_spare.TryGetValue(schema.Name, out var queue) && queue.TryDequeue(out var batch))
        {
            batch.Clear();
            return batch;
        }

        return new TableBatch(schema, batchRows);
    }

    /// <summary>Takes back a batch its user no longer reads.</summary>
    public void Return(TableBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Capacity == batchRows)
        {
            _spare.GetOrAdd(batch.Schema.Name, static _ => new ConcurrentQueue<TableBatch>()).Enqueue(batch);
        }
    }
}
