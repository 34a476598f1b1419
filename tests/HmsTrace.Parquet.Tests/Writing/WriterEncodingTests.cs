using System.Buffers.Binary;
using HmsTrace.Parquet.Format;
using HmsTrace.Parquet.Thrift;

namespace HmsTrace.Parquet.Tests.Writing;

public sealed class WriterEncodingTests
{
    private static byte[] WriteFile(ParquetSchema schema, ParquetWriterOptions options, Action<ParquetRowGroupWriter> write)
    {
        var ms = new MemoryStream();
        using (var w = ParquetWriter.Create(ms, schema, options))
        using (var rg = w.CreateRowGroup())
        {
            write(rg);
        }

        return ms.ToArray();
    }

    private static FileMetaData Footer(byte[] file)
    {
        var len = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(file.Length - 8));
        var start = file.Length - 8 - len;
        return MetadataReader.ReadFileMetaData(new ThriftCompactReader(file, start, len, start));
    }

    private static List<(PageHeader Header, byte[] Body)> Pages(byte[] file, ColumnMetaData md)
    {
        var pages = new List<(PageHeader, byte[])>();
        var pos = (int)(md.DictionaryPageOffset ?? md.DataPageOffset);
        var end = pos + (int)md.TotalCompressedSize;
        while (pos < end)
        {
            var r = new ThriftCompactReader(file, pos, end - pos, pos);
            var h = MetadataReader.ReadPageHeader(r);
            pages.Add((h, file.AsSpan(r.Position, h.CompressedPageSize).ToArray()));
            pos = r.Position + h.CompressedPageSize;
        }

        return pages;
    }

    [Test]
    public void A_low_cardinality_string_column_gets_a_plain_dictionary_page_and_RLE_indices()
    {
        var options = new ParquetWriterOptions { Compression = ParquetCompression.Uncompressed };
        // Enough repeats for the dictionary to pay off: "b" and "a" alternate.
        var values = Enumerable.Range(0, 40).Select(i => (string?)(i % 2 == 0 ? "b" : "a")).ToArray();
        var file = WriteFile(new ParquetSchema(ParquetField.String("s")), options, rg => rg.WriteColumn(0, values));
        var md = Footer(file).RowGroups[0].Columns[0].MetaData!;
        var pages = Pages(file, md);
        Assert.That(pages[0].Header.Type, Is.EqualTo(PageType.DictionaryPage));
        Assert.That(pages[0].Header.DictionaryPageHeader!.NumValues, Is.EqualTo(2));
        Assert.That(pages[0].Body, Is.EqualTo(new byte[] { 1, 0, 0, 0, (byte)'b', 1, 0, 0, 0, (byte)'a' }));
        Assert.That(pages[1].Header.DataPageHeader!.Encoding, Is.EqualTo(ParquetEncoding.RleDictionary));
        // bit width 1, then 5 bit-packed groups of 8 indices 0,1,0,1,... = 0b10101010
        Assert.That(pages[1].Body, Is.EqualTo(new byte[] { 0x01, 0x0B, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA }));
        Assert.That(md.Encodings, Is.EqualTo(new[] { ParquetEncoding.Plain, ParquetEncoding.RleDictionary }));
    }

    [Test]
    public void An_optional_column_prefixes_its_definition_levels_with_their_length()
    {
        var options = new ParquetWriterOptions { Compression = ParquetCompression.Uncompressed };
        var file = WriteFile(new ParquetSchema(ParquetField.Int64("x", optional: true, encoding: ParquetColumnEncoding.Plain)), options,
            rg => rg.WriteColumn(0, new long[] { 7, 0, 9 }, new[] { true, false, true }));
        var md = Footer(file).RowGroups[0].Columns[0].MetaData!;
        var page = Pages(file, md)[0];
        Assert.That(page.Body, Is.EqualTo(new byte[] { 2, 0, 0, 0, 0x03, 0x05, 7, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0 }));
        Assert.That(md.Statistics!.NullCount, Is.EqualTo(1));
        Assert.That(md.Statistics.MinValue, Is.EqualTo(BitConverter.GetBytes(7L)));
        Assert.That(md.Statistics.MaxValue, Is.EqualTo(BitConverter.GetBytes(9L)));
    }

    [Test]
    public void The_dictionary_falls_back_to_plain_for_the_rest_of_the_chunk_when_it_outgrows_its_limit()
    {
        var options = new ParquetWriterOptions { DictionarySizeLimitBytes = 2000, DataPageSizeBytes = 512 };
        var values = Enumerable.Range(0, 4000).Select(i => (string?)(i < 1000 ? "v" + (i % 10) : "unique-" + i)).ToArray();
        var file = WriteFile(new ParquetSchema(ParquetField.String("s")), options, rg => rg.WriteColumn(0, values));
        var stats = Footer(file).RowGroups[0].Columns[0].MetaData!.EncodingStats!;
        Assert.That(stats.Any(s => s.PageType == PageType.DataPage && s.Encoding == ParquetEncoding.RleDictionary), Is.True);
        Assert.That(stats.Any(s => s.PageType == PageType.DataPage && s.Encoding == ParquetEncoding.Plain), Is.True);
        using var r = ParquetReader.Open(new MemoryStream(file));
        Assert.That(r.ReadString(0, 0).Values, Is.EqualTo(values));
    }

    [TestCase("dictionary", "b", "z")]
    [TestCase("fallback", "a", "zzz")]
    [TestCase("unique", "a-0", "a-999")]
    public void String_statistics_bound_every_value_whether_or_not_the_dictionary_holds_them_all(string shape, string min, string max)
    {
        // dictionary: three strings over 5,000 rows, all dictionary-encoded (the bounds come from
        // the dictionary); fallback: the dictionary outgrows its limit and the bounds are only in
        // the plain pages after it; unique: the dictionary is given up on the first page.
        string?[] values = shape switch
        {
            "dictionary" => [.. Enumerable.Range(0, 5000).Select(i => i % 7 == 0 ? null : new[] { "m", "z", "b" }[i % 3])],
            "fallback" => [.. Enumerable.Range(0, 4000).Select(i => i < 1000 ? "m" + (i % 10) : "k-" + i), "a", "zzz", "l"],
            _ => [.. Enumerable.Range(0, 1000).Select(i => "a-" + i)],
        };
        var options = new ParquetWriterOptions { DictionarySizeLimitBytes = 2000, DataPageSizeBytes = 512 };
        var file = WriteFile(new ParquetSchema(ParquetField.String("s", optional: true)), options, rg => rg.WriteColumn(0, values));
        var md = Footer(file).RowGroups[0].Columns[0].MetaData!;
        var dataEncodings = md.EncodingStats!.Where(e => e.PageType == PageType.DataPage).Select(e => e.Encoding).ToArray();
        Assert.That(dataEncodings, shape switch
        {
            "dictionary" => Is.EqualTo(new[] { ParquetEncoding.RleDictionary }),
            "fallback" => Does.Contain(ParquetEncoding.RleDictionary).And.Contain(ParquetEncoding.Plain),
            _ => Is.EqualTo(new[] { ParquetEncoding.Plain }),
        });
        Assert.That(System.Text.Encoding.UTF8.GetString(md.Statistics!.MinValue!), Is.EqualTo(min));
        Assert.That(System.Text.Encoding.UTF8.GetString(md.Statistics!.MaxValue!), Is.EqualTo(max));
        Assert.That(md.Statistics.NullCount, Is.EqualTo(values.Count(v => v is null)));
    }

    [TestCase(3_000)]
    [TestCase(300_000)]
    public void A_column_of_unique_values_skips_the_dictionary_entirely(int rows)
    {
        var values = Enumerable.Range(0, rows).Select(i => (long)i * 7919).ToArray();
        var file = WriteFile(new ParquetSchema(ParquetField.Int64("x")), ParquetWriterOptions.Default, rg => rg.WriteColumn(0, values));
        var md = Footer(file).RowGroups[0].Columns[0].MetaData!;
        Assert.That(md.DictionaryPageOffset, Is.Null);
        Assert.That(md.Encodings, Is.EqualTo(new[] { ParquetEncoding.Plain }));
        using var r = ParquetReader.Open(new MemoryStream(file));
        Assert.That(r.ReadInt64(0, 0).Values, Is.EqualTo(values));
    }

    [Test]
    public void A_column_that_repeats_only_after_its_first_ten_thousand_values_keeps_its_dictionary()
    {
        // Addresses of a working set larger than a small sample: judging the dictionary on the
        // first few thousand values (all distinct) would write this column PLAIN, 8.7 times larger
        // (measured on a sample of 8,192 in session 7, then reverted). It is judged on the whole
        // first page: one dictionary-encoded page of all the rows.
        var values = Enumerable.Range(0, 200_000).Select(i => (long)(i % 10_000) * 7919).ToArray();
        var file = WriteFile(new ParquetSchema(ParquetField.Int64("x")), ParquetWriterOptions.Default, rg => rg.WriteColumn(0, values));
        var md = Footer(file).RowGroups[0].Columns[0].MetaData!;
        var dataPages = Pages(file, md).Where(p => p.Header.Type == PageType.DataPage).ToList();
        Assert.That(dataPages.Select(p => (p.Header.DataPageHeader!.Encoding, p.Header.DataPageHeader.NumValues)), Is.EqualTo(new[] { (ParquetEncoding.RleDictionary, 200_000) }));
        Assert.That(md.TotalCompressedSize, Is.LessThan(values.Length * 8 / 4));
        using var r = ParquetReader.Open(new MemoryStream(file));
        Assert.That(r.ReadInt64(0, 0).Values, Is.EqualTo(values));
    }

    [Test]
    public void Double_statistics_ignore_NaN_and_widen_zero_bounds()
    {
        var file = WriteFile(new ParquetSchema(ParquetField.Double("d"), ParquetField.Double("nan")), ParquetWriterOptions.Default, rg =>
        {
            rg.WriteColumn(0, new[] { 0.0, double.NaN, 2.5, -0.0 });
            rg.WriteColumn(1, new[] { double.NaN, double.NaN, double.NaN, double.NaN });
        });
        var cols = Footer(file).RowGroups[0].Columns;
        Assert.That(BitConverter.ToDouble(cols[0].MetaData!.Statistics!.MinValue!), Is.EqualTo(-0.0).And.Matches<double>(double.IsNegative));
        Assert.That(BitConverter.ToDouble(cols[0].MetaData!.Statistics!.MaxValue!), Is.EqualTo(2.5));
        Assert.That(cols[0].MetaData!.Statistics!.NanCount, Is.EqualTo(1));
        Assert.That(cols[1].MetaData!.Statistics!.MinValue, Is.Null);
        Assert.That(cols[1].MetaData!.Statistics!.NanCount, Is.EqualTo(4));
    }

    [Test]
    public void Unsigned_integer_statistics_use_unsigned_order()
    {
        var field = new ParquetField("u", ParquetPhysicalType.Int32, ParquetLogicalType.Integer(32, isSigned: false));
        var file = WriteFile(new ParquetSchema(field), ParquetWriterOptions.Default, rg => rg.WriteColumn(0, new[] { 1, -1, 5 }));
        var s = Footer(file).RowGroups[0].Columns[0].MetaData!.Statistics!;
        Assert.That(BitConverter.ToUInt32(s.MinValue!), Is.EqualTo(1u));
        Assert.That(BitConverter.ToUInt32(s.MaxValue!), Is.EqualTo(uint.MaxValue));
    }

    [Test]
    public void The_same_rows_give_the_same_bytes()
    {
        var table = TestTable.Random(TestTable.AllTypesSchema(), 2000, 42);
        var options = new ParquetWriterOptions { DataPageSizeBytes = 4096, KeyValueMetadata = [new("k", "v")] };
        var first = table.ToParquet(options, 700);
        var second = table.ToParquet(options, 700);
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void The_footer_records_created_by_column_orders_and_logical_types()
    {
        var schema = new ParquetSchema(ParquetField.Timestamp("ts", ParquetTimeUnit.Millis), ParquetField.String("s"), ParquetField.Int32("i"));
        var file = WriteFile(schema, new ParquetWriterOptions { CreatedBy = "hmstrace version 0.1.0 (build abc)" }, rg =>
        {
            rg.WriteColumn(0, new long[] { 1 });
            rg.WriteColumn(1, new string?[] { "x" });
            rg.WriteColumn(2, new[] { 3 });
        });
        var meta = Footer(file);
        Assert.That(meta.CreatedBy, Is.EqualTo("hmstrace version 0.1.0 (build abc)"));
        Assert.That(meta.ColumnOrderCount, Is.EqualTo(3));
        Assert.That(meta.Schema[1].ConvertedType, Is.EqualTo((int)ConvertedType.TimestampMillis));
        Assert.That(meta.Schema[2].ConvertedType, Is.EqualTo((int)ConvertedType.Utf8));
        using var r = ParquetReader.Open(new MemoryStream(file));
        Assert.That(r.Schema.Fields, Is.EqualTo(schema.Fields));
    }

    [Test]
    public void The_default_created_by_follows_the_application_version_build_format()
        => Assert.That(ParquetWriterOptions.Default.CreatedBy, Does.Match(@"^hmstrace version \S+ \(build \S+\)$"));
}
