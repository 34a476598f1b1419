using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace HmsTrace.Traces.Tests.Native;

public sealed class BadInputTests
{
    private const string CsvHeader = "t_ns,pid,initiator,op,address,size,arg\n";

    // Header of a 2-initiator trace is 40 bytes (28 fixed + 5 + 5 + 2 padding); records follow.
    private const int HeaderLength = 40;

    private TempDirectory _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = new TempDirectory();

    [TearDown]
    public void DeleteDirectory() => _dir.Dispose();

    private byte[] ValidBinary(int records = 2)
    {
        var path = _dir.File("valid.hmst");
        var list = new TraceRecord[records];
        for (var i = 0; i < records; i++)
        {
            list[i] = new TraceRecord(i, 4096 * (ulong)(i + 1), 64, 0, 1, (ushort)(i % 2), TraceOperation.Read);
        }

        Traces.Write(path, ["cpu0", "gpu0"], list);
        return File.ReadAllBytes(path);
    }

    private InputException ReadFails(string name, byte[] content, TraceReadOptions? options = null)
    {
        var path = _dir.File(name);
        File.WriteAllBytes(path, content);
        var e = Assert.Throws<InputException>(() => Traces.ReadAll(path, options));
        Assert.That(e!.Source, Is.EqualTo(path), "the error names the file");
        return e;
    }

    private InputException CsvFails(string text, bool gzip = false)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (gzip)
        {
            using var compressed = new MemoryStream();
            using (var gz = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                gz.Write(bytes);
            }

            bytes = compressed.ToArray();
        }

        return ReadFails(gzip ? "bad.csv.gz" : "bad.csv", bytes);
    }

    [TestCase(0)]
    [TestCase(10)]
    [TestCase(27)]
    public void A_binary_trace_cut_inside_the_fixed_header_names_the_offset(int length)
    {
        var content = ValidBinary()[..length];

        // An empty file or a lone fragment of the magic is not recognisable, so force the format.
        var e = ReadFails("cut.hmst", content, new TraceReadOptions { Format = "hmst" });

        Assert.That(e.ByteOffset, Is.EqualTo(length == 0 ? 0 : length));
    }

    [TestCase(10)]
    [TestCase(27)]
    public void A_binary_trace_cut_inside_the_header_says_so(int length)
    {
        var e = ReadFails("cut.hmst", ValidBinary()[..length], new TraceReadOptions { Format = "hmst" });

        Assert.That(e.Message, Does.Contain("ends inside the header"));
    }

    [TestCase(28)]
    [TestCase(31)]
    [TestCase(34)]
    public void A_binary_trace_cut_inside_the_initiator_table_names_the_offset(int length)
    {
        var e = ReadFails("cut.hmst", ValidBinary()[..length]);

        Assert.That(e.ByteOffset, Is.EqualTo(length));
        Assert.That(e.Message, Does.Contain("initiator table"));
    }

    [TestCase(HeaderLength + 1)]
    [TestCase(HeaderLength + 40 + 39)]
    public void A_binary_trace_cut_inside_a_record_names_the_offset_and_the_record(int length)
    {
        var e = ReadFails("cut.hmst", ValidBinary()[..length]);

        Assert.That(e.ByteOffset, Is.EqualTo(length));
        Assert.That(e.Message, Does.Contain($"inside record {(length - HeaderLength) / 40}"));
    }

    [Test]
    public void A_binary_trace_cut_inside_a_record_of_a_gzip_file_names_the_decompressed_offset()
    {
        using var compressed = new MemoryStream();
        using (var gz = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(ValidBinary().AsSpan(0, HeaderLength + 50));
        }

        var e = ReadFails("cut.hmst.gz", compressed.ToArray());

        Assert.That(e.ByteOffset, Is.EqualTo(HeaderLength + 50));
    }

    [TestCase(2)]
    [TestCase(10)]
    public void A_gzip_file_cut_before_any_data_says_so_not_that_it_is_empty(int keep)
    {
        // Found by review (session 12): a gzip file cut to 2 or 10 bytes was "byte offset 0: is empty".
        using var compressed = new MemoryStream();
        using (var gz = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(ValidBinary());
        }

        var e = ReadFails("cut.hmst.gz", compressed.ToArray()[..keep]);

        Assert.That(e.Message, Does.Contain($"decompresses to nothing: its {keep} bytes end before the first byte of data"));
    }

    [Test]
    public void A_wrong_magic_is_not_recognised_as_any_format()
    {
        var content = ValidBinary();
        content[0] = (byte)'X';

        var e = ReadFails("magic.hmst", content);

        Assert.That(e.ByteOffset, Is.Zero);
        Assert.That(e.Message, Does.Contain("not a trace format"));
    }

    [Test]
    public void A_wrong_magic_with_the_format_forced_names_offset_zero()
    {
        var content = ValidBinary();
        content[7] = (byte)'X';

        var e = ReadFails("magic.hmst", content, new TraceReadOptions { Format = "hmst" });

        Assert.That(e.ByteOffset, Is.Zero);
        Assert.That(e.Message, Does.Contain("wrong magic"));
    }

    [Test]
    public void An_unsupported_version_names_the_version_field()
    {
        var content = ValidBinary();
        BinaryPrimitives.WriteUInt16LittleEndian(content.AsSpan(8), 2);

        var e = ReadFails("version.hmst", content);

        Assert.That(e.ByteOffset, Is.EqualTo(8));
        Assert.That(e.Message, Does.Contain("version 2 is not supported"));
    }

    [Test]
    public void An_unknown_initiator_index_names_the_field_of_the_record()
    {
        var content = ValidBinary();
        BinaryPrimitives.WriteUInt16LittleEndian(content.AsSpan(HeaderLength + 40 + 36), 2);

        var e = ReadFails("initiator.hmst", content);

        Assert.That(e.ByteOffset, Is.EqualTo(HeaderLength + 40 + 36));
        Assert.That(e.Message, Does.Contain("record 1 names initiator 2"));
    }

    [Test]
    public void An_unknown_operation_code_names_the_field_of_the_record()
    {
        var content = ValidBinary();
        content[HeaderLength + 38] = 200;

        var e = ReadFails("op.hmst", content);

        Assert.That(e.ByteOffset, Is.EqualTo(HeaderLength + 38));
        Assert.That(e.Message, Does.Contain("unknown operation code 200"));
    }

    [Test]
    public void An_address_overflow_in_a_binary_record_names_the_record()
    {
        var content = ValidBinary();
        BinaryPrimitives.WriteUInt64LittleEndian(content.AsSpan(HeaderLength + 8), ulong.MaxValue - 10);

        var e = ReadFails("overflow.hmst", content);

        Assert.That(e.ByteOffset, Is.EqualTo(HeaderLength + 16));
        Assert.That(e.Message, Does.Contain("overflows"));
    }

    [Test]
    public void A_zero_size_access_in_a_binary_record_is_rejected_like_in_csv()
    {
        var content = ValidBinary();
        BinaryPrimitives.WriteUInt64LittleEndian(content.AsSpan(HeaderLength + 40 + 16), 0);

        var e = ReadFails("zero.hmst", content);

        Assert.That(e.ByteOffset, Is.EqualTo(HeaderLength + 40 + 16));
        Assert.That(e.Message, Does.Contain("size 0"));
    }

    [Test]
    public void Trailing_bytes_after_the_records_name_where_they_start()
    {
        byte[] content = [.. ValidBinary(), 0];

        var e = ReadFails("trailing.hmst", content);

        Assert.That(e.ByteOffset, Is.EqualTo(HeaderLength + 80));
        Assert.That(e.Message, Does.Contain("bytes after the 2 records"));
    }

    [Test]
    public void A_non_numeric_csv_field_names_the_line()
    {
        var e = CsvFails(CsvHeader + "0,1,cpu0,read,0x1000,8,0\n" + "0,1,cpu0,read,0x1000,eight,0\n");

        Assert.That(e.Line, Is.EqualTo(3));
        Assert.That(e.Message, Does.Contain("size 'eight'"));
    }

    [Test]
    public void A_negative_size_names_the_line()
    {
        var e = CsvFails(CsvHeader + "0,1,cpu0,read,0x1000,-8,0\n");

        Assert.That(e.Line, Is.EqualTo(2));
        Assert.That(e.Message, Does.Contain("is negative"));
    }

    [Test]
    public void An_address_overflow_names_the_line()
    {
        var e = CsvFails(CsvHeader + "0,1,cpu0,read,0xffffffffffffffff,2,0\n");

        Assert.That(e.Line, Is.EqualTo(2));
        Assert.That(e.Message, Does.Contain("overflows"));
    }

    [Test]
    public void An_unknown_op_names_the_line()
    {
        var e = CsvFails(CsvHeader + "0,1,cpu0,fetch,0x1000,8,0\n");

        Assert.That(e.Line, Is.EqualTo(2));
        Assert.That(e.Message, Does.Contain("unknown op 'fetch'"));
    }

    [Test]
    public void A_wrong_header_names_line_one()
    {
        var e = CsvFails("time,pid,initiator,op,address,size,arg\n0,1,cpu0,read,0x1000,8,0\n");

        Assert.That(e.Line, Is.EqualTo(1));
    }

    [Test]
    public void A_wrong_header_is_an_error_when_the_format_is_forced()
    {
        var path = _dir.File("bad.csv");
        File.WriteAllText(path, "t_ns,pid,op\n1,2,read\n");

        var e = Assert.Throws<InputException>(() => Traces.ReadAll(path, new TraceReadOptions { Format = "csv" }));

        Assert.That(e!.Line, Is.EqualTo(1));
        Assert.That(e.Message, Does.Contain("header"));
    }

    [TestCase("0,1,cpu0,read,0x1000,8\n", 6)]
    [TestCase("0,1,cpu0,read,0x1000,8,0,9\n", 8)]
    public void A_wrong_field_count_names_the_line(string row, int fields)
    {
        var e = CsvFails(CsvHeader + "0,1,cpu0,read,0x1000,8,0\n" + row);

        Assert.That(e.Line, Is.EqualTo(3));
        Assert.That(e.Message, Does.Contain($"has {fields} fields"));
    }

    [Test]
    public void A_bad_line_after_comments_and_blank_lines_names_its_physical_line()
    {
        var e = CsvFails(CsvHeader + "# a comment\n\n0,1,cpu0,read,0x1000,8,0\n0,1,cpu0,read,0x1000,x,0\n");

        Assert.That(e.Line, Is.EqualTo(5));
    }

    [Test]
    public void A_bad_line_in_a_gzip_csv_names_the_line()
    {
        var e = CsvFails(CsvHeader + "0,1,cpu0,read,0x1000,8,0\n0,1,cpu0,jump,0x1000,8,0\n", gzip: true);

        Assert.That(e.Line, Is.EqualTo(3));
    }

    [Test]
    public void A_missing_file_is_an_input_error_naming_it()
    {
        var path = _dir.File("missing.hmst");

        var e = Assert.Throws<InputException>(() => TraceFile.OpenRead(path));

        Assert.That(e!.Source, Is.EqualTo(path));
        Assert.That(e.Message, Does.Contain("no such file"));
    }

    [Test]
    public void A_directory_is_an_input_error_naming_it()
    {
        var e = Assert.Throws<InputException>(() => TraceFile.OpenRead(_dir.Path));

        Assert.That(e!.Source, Is.EqualTo(_dir.Path));
        Assert.That(e.Message, Does.Contain("is a directory"));
    }

    [Test]
    public void An_empty_file_is_an_input_error_at_offset_zero()
    {
        var e = ReadFails("empty.csv", []);

        Assert.That(e.ByteOffset, Is.Zero);
        Assert.That(e.Message, Does.Contain("is empty"));
    }

    [Test]
    public void A_header_only_csv_is_an_empty_trace()
    {
        var path = _dir.File("header.csv");
        File.WriteAllText(path, CsvHeader);

        Assert.That(Traces.ReadAll(path), Is.Empty);
    }
}
