namespace HmsTrace.Parquet.Tests;

public sealed class RoundTripSmokeTests
{
    [Test]
    public void A_small_table_reads_back_as_written()
    {
        var schema = new ParquetSchema(
            ParquetField.Int64("t_ns", encoding: ParquetColumnEncoding.DeltaBinaryPacked),
            ParquetField.Int32("pid", optional: true),
            ParquetField.String("reason"),
            ParquetField.Double("x"),
            ParquetField.Boolean("flag"));
        var ms = new MemoryStream();
        using (var w = ParquetWriter.Create(ms, schema))
        using (var rg = w.CreateRowGroup())
        {
            rg.WriteColumn(0, new long[] { 1, 2, 3, 10, 20 });
            rg.WriteColumn(1, new[] { 7, 0, 9, 9, 9 }, new[] { true, false, true, true, true });
            rg.WriteColumn(2, new string?[] { "a", "b", "a", "", "hint" });
            rg.WriteColumn(3, new[] { 1.5, double.NaN, -0.0, 3, 4 });
            rg.WriteColumn(4, new[] { true, false, true, true, false });
        }

        ms.Position = 0;
        using var r = ParquetReader.Open(ms);
        Assert.That(r.RowCount, Is.EqualTo(5));
        Assert.That(r.ReadInt64(0, 0).Values, Is.EqualTo(new long[] { 1, 2, 3, 10, 20 }));
        var pid = r.ReadInt32(0, 1);
        Assert.That(pid.Values, Is.EqualTo(new[] { 7, 0, 9, 9, 9 }));
        Assert.That(pid.Defined, Is.EqualTo(new[] { true, false, true, true, true }));
        Assert.That(r.ReadString(0, 2).Values, Is.EqualTo(new[] { "a", "b", "a", "", "hint" }));
        Assert.That(r.ReadDouble(0, 3).Values, Is.EqualTo(new[] { 1.5, double.NaN, -0.0, 3, 4 }));
        Assert.That(r.ReadBoolean(0, 4).Values, Is.EqualTo(new[] { true, false, true, true, false }));
    }
}
