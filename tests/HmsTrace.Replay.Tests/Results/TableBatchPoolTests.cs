using HmsTrace.Replay.Results;

namespace HmsTrace.Replay.Tests.Results;

public sealed class TableBatchPoolTests
{
    [Test]
    public void A_returned_batch_comes_back_empty_for_its_own_table_only()
    {
        var pool = new TableBatchPool(64);
        var used = pool.Rent(ResultTables.Migrations);
        used.Row();
        used.Row();
        pool.Return(used);

        var other = pool.Rent(ResultTables.Epochs);
        var again = pool.Rent(ResultTables.Migrations);

        Assert.That(other, Is.Not.SameAs(used));
        Assert.That(again, Is.SameAs(used));
        Assert.That(again.Count, Is.Zero);
    }

    [Test]
    public void The_pool_keeps_only_a_few_spare_batches_per_table()
    {
        // A sweep runs many replays in one process: holding every batch that was ever in flight
        // multiplied its peak memory (a regression found and fixed while adding the pool).
        var pool = new TableBatchPool(64);
        var batches = Enumerable.Range(0, 10).Select(_ => pool.Rent(ResultTables.Ranges)).ToList();
        foreach (var batch in batches)
        {
            pool.Return(batch);
        }

        var reused = Enumerable.Range(0, 10).Select(_ => pool.Rent(ResultTables.Ranges)).Count(b => batches.Contains(b));

        Assert.That(reused, Is.EqualTo(TableBatchPool.SparePerTable));
    }

    [Test]
    public void Batches_of_another_size_are_not_kept()
    {
        var pool = new TableBatchPool(64);
        var foreign = new TableBatch(ResultTables.Ranges, 32);
        pool.Return(foreign);

        Assert.That(pool.Rent(ResultTables.Ranges), Is.Not.SameAs(foreign));
    }
}
