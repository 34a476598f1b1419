using System.IO.Compression;
using System.Text;
using HmsTrace.Traces.Import;

namespace HmsTrace.Traces.Tests.Import;

public class DamonFormatTests
{
    private const string New = "damo/damon.data.json_compressed";
    private const string Old = "damo/damon.data.old.json_compressed";
    private const string PerfScript = "damo/perf.data.script";

    // python3: d = json.loads(zlib.decompress(open(f, 'rb').read())); one target, 543 snapshots,
    // sum(len(s['regions'])) = 9773, sum of nr_accesses.samples = 80585 (both files).
    private const int Snapshots = 543;
    private const int Regions = 9773;
    private const long Accesses = 80_585;

    [TestCase(New)]
    [TestCase(Old)]
    public void Json_compressed_has_one_region_access_per_region_and_one_marker_per_snapshot(string sample)
    {
        using var reader = TraceFile.OpenRead(SampleData.PathOf(sample));
        Assert.That(reader.Header.Format, Is.EqualTo("damo"));
        var all = SampleData.ReadAll(reader);
        Assert.That(all.Count(r => r.Operation == TraceOperation.RegionAccess), Is.EqualTo(Regions));
        Assert.That(all.Count(r => r.Operation == TraceOperation.Marker && r.Argument == DamonFormat.WindowEndTag), Is.EqualTo(Snapshots));
        Assert.That(all, Has.Count.EqualTo(Regions + Snapshots));
        Assert.That(all.Where(r => r.Operation == TraceOperation.RegionAccess).Sum(r => (long)r.Argument), Is.EqualTo(Accesses));

        // First region: start "94,827,419,009,024", end "94,827,423,150,080", window start 539809434100.
        Assert.That(all[0], Is.EqualTo(new TraceRecord(539_809_434_100, 94_827_419_009_024, 94_827_423_150_080 - 94_827_419_009_024, 0, 1, 0, TraceOperation.RegionAccess)));
        Assert.That(all[^1], Is.EqualTo(new TraceRecord(596_606_618_651, 0, 0, DamonFormat.WindowEndTag, 1, 0, TraceOperation.Marker)));
    }

    [Test]
    public void Old_and_new_key_sets_give_the_same_records()
        => Assert.That(SampleData.ReadAll(SampleData.PathOf(Old)), Is.EqualTo(SampleData.ReadAll(SampleData.PathOf(New))));

    [Test]
    public void Plain_json_reads_like_compressed_json()
    {
        var dir = TestContext.CurrentContext.WorkDirectory;
        var plain = Path.Combine(dir, $"damon-{Guid.NewGuid():N}.json");
        try
        {
            using (var z = new ZLibStream(File.OpenRead(SampleData.PathOf(New)), CompressionMode.Decompress))
            using (var f = File.Create(plain))
            {
                z.CopyTo(f);
            }

            Assert.That(SampleData.ReadAll(plain), Is.EqualTo(SampleData.ReadAll(SampleData.PathOf(New))));
        }
        finally
        {
            File.Delete(plain);
        }
    }

    [Test]
    public void Perf_script_of_damon_aggregated_is_imported_per_snapshot()
    {
        // python3 grouping of nr_regions consecutive lines: 562 snapshots, 10260 regions,
        // sum of nr_accesses 87821.
        using var reader = TraceFile.OpenRead(SampleData.PathOf(PerfScript));
        Assert.That(reader.Header.Format, Is.EqualTo("damo-perf"));
        var all = SampleData.ReadAll(reader);
        Assert.That(all.Count(r => r.Operation == TraceOperation.RegionAccess), Is.EqualTo(10260));
        Assert.That(all.Count(r => r.Operation == TraceOperation.Marker), Is.EqualTo(562));
        Assert.That(all.Where(r => r.Operation == TraceOperation.RegionAccess).Sum(r => (long)r.Argument), Is.EqualTo(87_821));

        // First line: 82820.952659 s, 94253027950592-94253031862272: 0; the first window is as
        // long as the second (which ends at the 9th line's time).
        var secondEnd = all.Where(r => r.Operation == TraceOperation.Marker).Skip(1).First().TimeNs;
        Assert.That(all[0].Address, Is.EqualTo(94_253_027_950_592UL));
        Assert.That(all[0].Size, Is.EqualTo(94_253_031_862_272UL - 94_253_027_950_592UL));
        Assert.That(all[0].TimeNs, Is.EqualTo(82_820_952_659_000 - (secondEnd - 82_820_952_659_000)));
    }

    [TestCase(New, "damo/report-raw.expected")]
    [TestCase(Old, "damo/report-raw.expected")]
    [TestCase(PerfScript, "damo/report-raw_perf_script.expected")]
    public void Raw_report_matches_damo_byte_for_byte(string sample, string golden)
    {
        var writer = new StringWriter();
        DamonRawReport.Write(writer, SampleData.PathOf(sample));
        var expected = File.ReadAllText(SampleData.PathOf(golden), Encoding.UTF8);
        var actual = writer.ToString();
        if (actual != expected)
        {
            var lines = actual.Split('\n');
            var want = expected.Split('\n');
            var i = 0;
            while (i < lines.Length && i < want.Length && lines[i] == want[i])
            {
                i++;
            }

            Assert.Fail($"first difference at line {i + 1}: got '{(i < lines.Length ? lines[i] : "<end>")}', expected '{(i < want.Length ? want[i] : "<end>")}'");
        }
    }

    // Expected texts from python3 -c "print('%.3f' % x)".
    [TestCase(1.0625, "1.062")]
    [TestCase(1.0635, "1.063")]
    [TestCase(0.0005, "0.001")]
    [TestCase(2.5e-4, "0.000")]
    [TestCase(104.599, "104.599")]
    public void Fixed3_rounds_like_python(double value, string text)
        => Assert.That(DamonRawReport.Fixed3(value), Is.EqualTo(text));

    [TestCase("[{\"target_id\": 1, \"snapshots\": [{\"start_time\": 5, \"end_time\": 3, \"regions\": []}]}]")]
    [TestCase("[{\"target_id\": 1, \"snapshots\": [{\"start_time\": 1, \"end_time\": 3, \"regions\": [{\"start\": 9, \"end\": 2, \"nr_accesses\": 1}]}]}]")]
    [TestCase("[{\"target_id\": 1, \"snapshots\": [{\"start_time\": 1, \"end_time\": 3, \"regions\": [{\"start\": \"x\", \"end\": 2, \"nr_accesses\": 1}]}]}]")]
    [TestCase("[{\"target_id\": 1, \"snapshots\": [{\"start_time\": 1, \"end_time\": 3, \"regions\": [{\"start\": 1, \"end\": 2}]}]}]")]
    [TestCase("[{\"target_id\": 1, \"snapshots\": [{\"start_time\": 1, \"end_time\": 3, \"regions\": [")]
    [TestCase("[{\"target_id\": 1, \"snapshots\": [{\"start_time\": 1,, }]}]")]
    [TestCase("[] []")]
    [TestCase("{}")]
    public void Damaged_json_is_an_input_error(string json)
        => Assert.Throws<InputException>(() => TextInput.Read(DamonFormat.Instance, json));

    [Test]
    public void Old_style_plain_numbers_are_read()
    {
        var records = TextInput.Read(DamonFormat.Instance, "[{\"target_id\": 7, \"extra\": {\"a\": [1, {}]}, \"snapshots\": [{\"start_time\": 100, \"end_time\": \"1,100\", \"regions\": [{\"start\": 4096, \"end\": 8192, \"nr_accesses\": 3, \"age\": 2}]}]}]", new TraceReadOptions { ProcessId = 9 });
        Assert.That(records, Is.EqualTo(new[]
        {
            new TraceRecord(100, 4096, 4096, 3, 9, 0, TraceOperation.RegionAccess),
            new TraceRecord(1100, 0, 0, DamonFormat.WindowEndTag, 9, 0, TraceOperation.Marker),
        }));
    }
}
