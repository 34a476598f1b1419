using HmsTrace.Replay.Results;

namespace HmsTrace.Replay.Tests.Results;

public sealed class TableBatchTests
{
    [Test]
    public void A_batch_grows_its_columns_up_to_its_capacity_and_keeps_every_value()
    {
        var batch = new TableBatch(ResultTables.Timings, 5000);
        for (var i = 0; i < 5000; i++)
        {
            var r = batch.Row();
            batch.Set(r, 0, $"run{i}");
            batch.Set(r, 1, (long)i);
            batch.Set(r, 2, i * 0.5);
            batch.Set(r, 3, -i);
            batch.Set(r, 4, 2);
        }

        Assert.That(batch.IsFull, Is.True);
        Assert.That(batch.Column(1).Longs(5000).ToArray(), Is.EqualTo(Enumerable.Range(0, 5000).Select(i => (long)i)));
        Assert.That(batch.Column(2).Doubles(5000)[4999], Is.EqualTo(2499.5));
        Assert.That(batch.Column(0).Strings(5000)[4321], Is.EqualTo("run4321"));
        Assert.That(() => batch.Row(), Throws.InvalidOperationException);
    }

    [Test]
    public void A_column_left_unset_reads_as_zero_for_every_row()
    {
        var batch = new TableBatch(ResultTables.Timings, 3000);
        for (var i = 0; i < 3000; i++)
        {
            batch.Set(batch.Row(), 1, 7L);
        }

        Assert.That(batch.Column(4).Longs(3000).ToArray(), Has.Length.EqualTo(3000).And.All.EqualTo(0L));
    }
}
