namespace HmsTrace.Parquet.Tests;

public sealed class RoundTripTests
{
    [Test]
    public void Seeded_random_tables_read_back_equal([Range(0, 39)] int seed)
    {
        var rng = new Random(seed);
        var rows = rng.Next(5) switch { 0 => 0, 1 => 1, _ => rng.Next(2, 3000) };
        var table = TestTable.Random(TestTable.AllTypesSchema(), rows, seed);
        var options = new ParquetWriterOptions
        {
            Compression = (ParquetCompression)rng.Next(3),
            DataPageSizeBytes = rng.Next(2) == 0 ? 1 << 20 : rng.Next(64, 4096),
            DictionarySizeLimitBytes = rng.Next(3) == 0 ? rng.Next(0, 500) : 1 << 20,
        };
        var rowGroupRows = rng.Next(2) == 0 ? int.MaxValue : rng.Next(1, 1000);
        var file = table.ToParquet(options, rowGroupRows);
        using var reader = ParquetReader.Open(new MemoryStream(file));
        Assert.That(reader.RowCount, Is.EqualTo(rows), $"seed {seed}");
        var read = TestTable.ReadRendered(reader);
        for (var c = 0; c < table.Schema.Count; c++)
        {
            Assert.That(read[c], Is.EqualTo(table.RenderColumn(c)), $"seed {seed}, column {table.Schema[c].Name}, options {options}, row groups of {rowGroupRows}");
        }
    }

    [Test]
    public void The_table_writer_splits_rows_into_row_groups()
    {
        var schema = new ParquetSchema(ParquetField.Int64("t_ns", encoding: ParquetColumnEncoding.DeltaBinaryPacked), ParquetField.String("reason", optional: true), ParquetField.Boolean("ping_pong"));
        var ms = new MemoryStream();
        using (var w = ParquetTableWriter.Create(ms, schema, new ParquetWriterOptions { RowGroupSize = 1000 }))
        {
            for (var i = 0; i < 2500; i++)
            {
                w.SetInt64(0, i * 10L);
                w.SetString(1, i % 3 == 0 ? null : "hint");
                w.SetBoolean(2, i % 7 == 0);
                w.EndRow();
            }
        }

        ms.Position = 0;
        using var r = ParquetReader.Open(ms);
        Assert.That(r.RowGroups.Select(g => g.RowCount), Is.EqualTo(new long[] { 1000, 1000, 500 }));
        Assert.That(r.ReadInt64(2, 0).Values[499], Is.EqualTo(24990));
        var reasons = r.ReadString(1, 1);
        Assert.That(reasons.Values[2], Is.Null, "row 1002");
        Assert.That(reasons.Values[0], Is.EqualTo("hint"), "row 1000");
        Assert.That(r.ReadBoolean(0, 2).Values[7], Is.True);
    }

    [Test]
    public void The_table_writer_rejects_a_row_without_a_required_column()
    {
        using var w = ParquetTableWriter.Create(new MemoryStream(), new ParquetSchema(ParquetField.Int64("a"), ParquetField.Int64("b")));
        w.SetInt64(0, 1);
        Assert.Throws<InvalidOperationException>(w.EndRow);
    }

    [Test]
    public void A_file_without_rows_has_a_schema_and_no_row_groups()
    {
        var ms = new MemoryStream();
        ParquetWriter.Create(ms, new ParquetSchema(ParquetField.String("s"))).Dispose();
        ms.Position = 0;
        using var r = ParquetReader.Open(ms);
        Assert.That(r.RowGroups, Is.Empty);
        Assert.That(r.Schema[0].Name, Is.EqualTo("s"));
    }

    [Test]
    public void Writing_a_null_into_a_required_column_is_an_argument_error()
    {
        using var w = ParquetWriter.Create(new MemoryStream(), new ParquetSchema(ParquetField.String("s")));
        using var rg = w.CreateRowGroup();
        Assert.Throws<ArgumentException>(() => rg.WriteColumn(0, new string?[] { "a", null }));
        rg.WriteColumn(0, new string?[] { "a" });
    }
}
