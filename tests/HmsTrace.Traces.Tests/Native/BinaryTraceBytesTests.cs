namespace HmsTrace.Traces.Tests.Native;

public sealed class BinaryTraceBytesTests
{
    // Hand-computed from docs/trace-formats.md: 28-byte fixed header, initiator table, padding to 8,
    // then 40-byte little-endian records.
    private const string Expected =
        "48 4D 53 54 52 41 43 45" + // magic "HMSTRACE"
        "01 00" + // format version 1
        "28 00" + // record size 40
        "28 00 00 00" + // header length 40
        "02 00 00 00 00 00 00 00" + // record count 2
        "02 00" + // initiator count 2
        "00 00" + // flags
        "04 63 70 75 30" + // "cpu0"
        "04 67 70 75 30" + // "gpu0"
        "00 00" + // padding to 40
        "01 00 00 00 00 00 00 00" + // t_ns 1
        "00 10 00 00 00 7F 00 00" + // address 0x7f0000001000
        "40 00 00 00 00 00 00 00" + // size 64
        "00 00 00 00 00 00 00 00" + // arg 0
        "07 00 00 00" + // pid 7
        "01 00" + // initiator 1 (gpu0)
        "01" + // write
        "00" + // reserved
        "FF FF FF FF FF FF FF FF" + // t_ns -1
        "88 77 66 55 44 33 22 11" + // address 0x1122334455667788
        "00 01 00 00 00 00 00 00" + // size 256
        "EF BE AD DE 00 00 00 00" + // arg 0xdeadbeef
        "FF FF FF FF" + // pid 2^32 - 1
        "00 00" + // initiator 0 (cpu0)
        "05" + // hbind
        "00"; // reserved

    private static readonly TraceRecord[] Records =
    [
        new(1, 0x7f00_0000_1000, 64, 0, 7, 1, TraceOperation.Write),
        new(-1, 0x1122_3344_5566_7788, 256, 0xdead_beef, uint.MaxValue, 0, TraceOperation.Hbind),
    ];

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty));

    [Test]
    public void A_small_binary_trace_has_exactly_the_documented_bytes()
    {
        using var dir = new TempDirectory();
        Traces.Write(dir.File("t.hmst"), ["cpu0", "gpu0"], Records);

        Assert.That(Convert.ToHexString(File.ReadAllBytes(dir.File("t.hmst"))), Is.EqualTo(Convert.ToHexString(Hex(Expected))));
    }

    [Test]
    public void The_documented_bytes_read_back_as_the_records()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("t.hmst"), Hex(Expected));
        using var reader = TraceFile.OpenRead(dir.File("t.hmst"));

        Assert.That(reader.Header.Initiators, Is.EqualTo(new[] { "cpu0", "gpu0" }));
        Assert.That(reader.Header.RecordCount, Is.EqualTo(2));
        Assert.That(reader.Header.Format, Is.EqualTo("hmst"));
        Assert.That(Traces.ReadAll(reader), Is.EqualTo(Records));
    }

    [Test]
    public void A_gzip_binary_trace_inflates_to_the_same_bytes()
    {
        using var dir = new TempDirectory();
        Traces.Write(dir.File("t.hmst.gz"), ["cpu0", "gpu0"], Records);
        using var gz = new System.IO.Compression.GZipStream(File.OpenRead(dir.File("t.hmst.gz")), System.IO.Compression.CompressionMode.Decompress);
        using var inflated = new MemoryStream();
        gz.CopyTo(inflated);

        Assert.That(Convert.ToHexString(inflated.ToArray()), Is.EqualTo(Convert.ToHexString(Hex(Expected))));
    }

    [Test]
    public void A_csv_trace_writes_addresses_in_hex_and_the_rest_in_decimal()
    {
        using var dir = new TempDirectory();
        Traces.Write(dir.File("t.csv"), ["cpu0", "gpu0"], Records);

        Assert.That(File.ReadAllText(dir.File("t.csv")), Is.EqualTo(
            "t_ns,pid,initiator,op,address,size,arg\n" +
            "1,7,gpu0,write,0x7f0000001000,64,0\n" +
            "-1,4294967295,cpu0,hbind,0x1122334455667788,256,3735928559\n"));
    }
}
