using System.Collections.Concurrent;

namespace HmsTrace.Replay.Results;

/// <summary>
/// Result batches, handed back by the writer stage once written and handed out again to a
/// recorder, so that replays reuse a few batches' column arrays instead of allocating new ones
/// (large-object-heap arrays, freed only by full collections) for every batch of rows. One pool
/// per batch size serves every replay of the process. Holds at
/// most <see cref="SparePerTable"/> per table. Thread-safe.
/// </summary>
internal sealed class TableBatchPool(int batchRows)
{
    private static readonly ConcurrentDictionary<int, TableBatchPool> Pools = new();

    /// <summary>The process's pool for batches of <paramref name="batchRows"/> rows, shared by the replays a sweep runs at once.</summary>
    public static TableBatchPool For(int batchRows) => Pools.GetOrAdd(batchRows, static rows => new TableBatchPool(rows));

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

    /// <summary>
    /// Takes back a batch its user no longer reads. At most <see cref="SparePerTable"/> are kept per
    /// table (one being filled while another is written is the steady state); more are left to the
    /// collector, so that a sweep running many replays in one process does not hold every batch
    /// that was ever in flight.
    /// </summary>
    public void Return(TableBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var queue = _spare.GetOrAdd(batch.Schema.Name, static _ => new ConcurrentQueue<TableBatch>());
        if (batch.Capacity == batchRows && queue.Count < SparePerTable)
        {
            queue.Enqueue(batch);
        }
    }

    /// <summary>Most spare batches kept per table.</summary>
    public const int SparePerTable = 4;
}
