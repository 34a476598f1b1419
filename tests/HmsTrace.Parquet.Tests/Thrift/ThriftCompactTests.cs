using HmsTrace.Parquet.Buffers;
using HmsTrace.Parquet.Format;
using HmsTrace.Parquet.Thrift;

namespace HmsTrace.Parquet.Tests.Thrift;

public sealed class ThriftCompactTests
{
    private static byte[] Encode(Action<ThriftCompactWriter> write)
    {
        using var buffer = new ByteBuffer();
        var w = new ThriftCompactWriter(buffer);
        w.StructBegin();
        write(w);
        w.StructEnd();
        return buffer.ToArray();
    }

    [Test]
    public void Small_field_id_deltas_share_the_header_byte_with_the_type()
        => Assert.That(Encode(w => w.I32Field(1, 5)), Is.EqualTo(new byte[] { 0x15, 0x0A, 0x00 }));

    [Test]
    public void Field_id_jumps_over_15_use_the_long_form_with_a_zigzag_id()
        => Assert.That(Encode(w => w.I32Field(20, 1)), Is.EqualTo(new byte[] { 0x05, 0x28, 0x02, 0x00 }));

    [Test]
    public void Booleans_live_in_the_type_nibble()
        => Assert.That(Encode(w => { w.BoolField(1, true); w.BoolField(2, false); }), Is.EqualTo(new byte[] { 0x11, 0x12, 0x00 }));

    [Test]
    public void Negative_integers_are_zigzag_varints()
        => Assert.That(Encode(w => w.I64Field(1, -1)), Is.EqualTo(new byte[] { 0x16, 0x01, 0x00 }));

    [TestCase(3, new byte[] { 0x35 })]
    [TestCase(20, new byte[] { 0xF5, 0x14 })]
    public void List_headers_put_short_sizes_in_the_high_nibble(int count, byte[] expectedHeader)
    {
        using var buffer = new ByteBuffer();
        new ThriftCompactWriter(buffer).ListBegin(ThriftType.I32, count);
        Assert.That(buffer.ToArray(), Is.EqualTo(expectedHeader));
    }

    [Test]
    public void A_data_page_header_encodes_to_the_expected_bytes()
    {
        using var buffer = new ByteBuffer();
        MetadataWriter.Write(new ThriftCompactWriter(buffer), new PageHeader
        {
            Type = PageType.DataPage,
            UncompressedPageSize = 100,
            CompressedPageSize = 50,
            DataPageHeader = new DataPageHeader { NumValues = 10, Encoding = ParquetEncoding.Plain, DefinitionLevelEncoding = ParquetEncoding.Rle, RepetitionLevelEncoding = ParquetEncoding.Rle },
        });
        // PageHeader.1 type=0, .2 uncompressed=100, .3 compressed=50, .5 struct { 1: 10, 2: 0, 3: 3, 4: 3 }
        Assert.That(buffer.ToArray(), Is.EqualTo(new byte[]
        {
            0x15, 0x00, 0x15, 0xC8, 0x01, 0x15, 0x64, 0x2C, 0x15, 0x14, 0x15, 0x00, 0x15, 0x06, 0x15, 0x06, 0x00, 0x00,
        }));
    }

    [Test]
    public void Unknown_and_mistyped_fields_are_skipped_and_a_missing_required_field_is_reported()
    {
        byte[] bytes =
        [
            0x15, 0x00, // 1: type = DATA_PAGE
            0x15, 0x08, // 2: uncompressed = 4
            0x15, 0x08, // 3: compressed = 4
            0x18, 0x02, 0x68, 0x69, // 4 (unknown here as binary): "hi"
            0x1C, 0x19, 0x25, 0x02, 0x04, 0x11, 0x00, // 5 (data_page_header) is declared struct... see below
            0x00,
        ];
        // Field 5 holds: field 1 list<i32>[2, 4] (unknown to DataPageHeader), field 2 bool true (wrong type, skipped):
        // DataPageHeader requires num_values/encoding, so this must be rejected after skipping cleanly.
        var r = new ThriftCompactReader(bytes, 0, bytes.Length, 1000);
        var ex = Assert.Throws<ParquetFormatException>(() => MetadataReader.ReadPageHeader(r));
        Assert.That(ex!.Message, Does.Contain("DataPageHeader lacks"));
    }

    [Test]
    public void A_footer_with_extra_unknown_fields_decodes()
    {
        using var buffer = new ByteBuffer();
        var w = new ThriftCompactWriter(buffer);
        var meta = new FileMetaData
        {
            Schema = SchemaMapping.ToElements(new ParquetSchema(ParquetField.Int64("a"))),
            NumRows = 0,
            CreatedBy = "x version 1 (build 2)",
        };
        MetadataWriter.Write(w, meta);
        var bytes = buffer.ToArray().ToList();
        // Insert an unknown field 30 (map<string,i32> with one entry) and 31 (double) before the final stop byte.
        bytes.RemoveAt(bytes.Count - 1);
        bytes.AddRange([0x0B, 0x3C, 0x01, 0x85, 0x01, 0x61, 0x02, 0x17, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0x00]);
        var read = MetadataReader.ReadFileMetaData(new ThriftCompactReader([.. bytes], 0, bytes.Count, 0));
        Assert.That(read.CreatedBy, Is.EqualTo("x version 1 (build 2)"));
        Assert.That(read.Schema.Select(e => e.Name), Is.EqualTo(new[] { "schema", "a" }));
    }

    [Test]
    public void Truncated_metadata_is_reported_with_its_file_offset()
    {
        using var buffer = new ByteBuffer();
        MetadataWriter.Write(new ThriftCompactWriter(buffer), new FileMetaData { Schema = SchemaMapping.ToElements(new ParquetSchema(ParquetField.String("s"))) });
        var bytes = buffer.ToArray();
        var ex = Assert.Throws<ParquetFormatException>(() => MetadataReader.ReadFileMetaData(new ThriftCompactReader(bytes, 0, bytes.Length - 3, 5000)));
        Assert.That(ex!.ByteOffset, Is.InRange(5000, 5000 + bytes.Length));
        Assert.That(ex.Message, Does.Contain("byte offset"));
    }
}
