namespace HmsTrace.Traces.Tests.Native;

public sealed class CsvReaderTests
{
    [Test]
    public void Rows_read_the_same_with_crlf_comments_blank_lines_quotes_and_a_missing_final_newline()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("t.csv"),
            "t_ns,pid,initiator,op,address,size,arg\r\n" +
            "# captured by hand\r\n" +
            "\r\n" +
            "5,3,gpu0,W,0x1000,8,\r\n" +
            "6,3,\"gpu,1\",region,4096,4096,17\n" +
            "-7,4294967295,cpu0,marker,18446744073709551615,0,0");

        Assert.That(Traces.ReadAll(dir.File("t.csv")), Is.EqualTo(new[]
        {
            new TraceRecord(5, 0x1000, 8, 0, 3, 0, TraceOperation.Write),
            new TraceRecord(6, 4096, 4096, 17, 3, 1, TraceOperation.RegionAccess),
            new TraceRecord(-7, ulong.MaxValue, 0, 0, uint.MaxValue, 2, TraceOperation.Marker),
        }));
    }

    [Test]
    public void Initiators_are_numbered_in_order_of_first_appearance()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("t.csv"), "t_ns,pid,initiator,op,address,size,arg\n0,1,gpu0,read,1,1,0\n0,1,\"cpu 0\",read,1,1,0\n0,1,gpu0,read,1,1,0\n");
        using var reader = TraceFile.OpenRead(dir.File("t.csv"));

        var records = Traces.ReadAll(reader);

        Assert.That(reader.Header.Initiators, Is.EqualTo(new[] { "gpu0", "cpu 0" }));
        Assert.That(records.Select(r => r.Initiator), Is.EqualTo(new ushort[] { 0, 1, 0 }));
    }
}
