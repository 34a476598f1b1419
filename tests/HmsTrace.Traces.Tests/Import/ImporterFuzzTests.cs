using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using HmsTrace.Traces.Import;

namespace HmsTrace.Traces.Tests.Import;

/// <summary>
/// Seeded random damage (truncation, byte flips, line shuffles and duplicates, binary garbage,
/// lines of other formats) to a prefix of every sample: each importer must end with records or an
/// <see cref="InputException"/>, never another exception or a hang, and the records it does
/// return must be well-formed. A failure names the seed that reproduces it.
/// </summary>
public class ImporterFuzzTests
{
    private const int Iterations = 1000;
    private const int PrefixBytes = 48 * 1024;

    private static readonly string[] ForeignLines =
    [
        "I  0401ab70,3",
        " M 1fff000628,8",
        "0x00007f3d82c80cc3: W 0x00007ffc3feb3cd8  8 ",
        "#eof",
        "          phased 15573/15573 [001]   865.999118: page-faults:     56334d018030 __TMC_END__ ffffffff821e8700 x",
        "          phased 15576/15576 [000]   867.253958: exceptions:page_fault_user: address=0x7f8c1b2bdb70 ip=0x7f8c1b2bdb70 error_code=0x14",
        "       kdamond.0  4452 [000] 82820.952659: damon:damon_aggregated: target_id=18446623435582458880 nr_regions=8 94253027950592-94253031862272: 0",
        "1,5633898,2a,512,42932745",
        "version,time,op,size,lbn",
        "==5439== Parent PID: 5438",
        "{\"start\": \"1\", \"end\": \"2\"}",
        "]",
    ];

    public static IEnumerable<TestCaseData> Samples()
    {
        yield return new TestCaseData("lackey", "lackey/ls-usr-bin.lackey.gz");
        yield return new TestCaseData("pin", "pin/AbiriAmir_pinatrace.out.gz");
        yield return new TestCaseData("perf", "perf/page-faults.perf-script.txt");
        yield return new TestCaseData("perf", "perf/page-fault-user.perf-script.txt");
        yield return new TestCaseData("damo-perf", "damo/perf.data.script");
        yield return new TestCaseData("damo", "damo/damon.data.json_compressed");
        yield return new TestCaseData("damo", "damo/damon.data.old.json_compressed");
        yield return new TestCaseData("libcachesim-csv", "libcachesim/cloudPhysicsIO.csv");
        yield return new TestCaseData("oraclegeneral", "libcachesim/cloudPhysicsIO.oracleGeneral.bin");
    }

    [TestCaseSource(nameof(Samples))]
    public void Damaged_input_gives_records_or_an_input_error(string formatName, string sample)
    {
        var format = TraceFile.FindFormat(formatName)!;
        var variants = BaseInputs(formatName, SampleData.PathOf(sample));
        var seedBase = StableHash(sample) * 100_000;
        var fuzz = Task.Run(() =>
        {
            for (var i = 0; i < Iterations; i++)
            {
                var seed = seedBase + i;
                var random = new Random(seed);
                var original = variants[i % variants.Count];
                var damaged = original;
                try
                {
                    damaged = Damage(original, random);
                    Check(format, damaged, random);
                }
                catch (Exception e)
                {
                    Assert.Fail($"seed {seed} ({sample}, {damaged.Length} bytes): {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
                }
            }
        });
        if (!fuzz.Wait(TimeSpan.FromSeconds(60)))
        {
            Assert.Fail($"{sample}: fuzzing did not finish in 60 s (hang?); seeds start at {seedBase}");
        }
    }

    [TestCaseSource(nameof(Samples))]
    public void Undamaged_prefix_reads(string formatName, string sample)
    {
        var format = TraceFile.FindFormat(formatName)!;
        foreach (var input in BaseInputs(formatName, SampleData.PathOf(sample)))
        {
            using var reader = format.Open(new MemoryStream(input), "fuzz", new TraceReadOptions { SkipBad = 1 });
            Assert.That(SampleData.ReadAll(reader), Is.Not.Empty);
        }
    }

    private static void Check(ITraceFormat format, byte[] input, Random random)
    {
        // Detection over damaged heads must not throw either.
        foreach (var f in TraceFile.Formats)
        {
            var score = f.Detect(input.AsSpan(0, Math.Min(input.Length, TraceFile.DetectionWindow)), "fuzz.oracleGeneral");
            Assert.That(score, Is.InRange(0, 100));
        }

        var options = new TraceReadOptions
        {
            SkipBad = random.Next(3) == 0 ? random.Next(1, 50) : 0,
            IncludeInstructionFetches = random.Next(2) == 0,
        };
        var batch = new TraceRecord[random.Next(1, 3000)];
        long records = 0;
        try
        {
            using var reader = format.Open(new MemoryStream(input), "fuzz", options);
            int n;
            while ((n = reader.Read(batch)) > 0)
            {
                foreach (var r in batch.AsSpan(0, n))
                {
                    Assert.That(r.Initiator, Is.LessThan(reader.Header.Initiators.Count));
                    if (r.IsAccess || r.Operation == TraceOperation.RegionAccess)
                    {
                        Assert.That(r.Size, Is.GreaterThan(0UL));
                        Assert.That(r.End, Is.GreaterThanOrEqualTo(r.Address));
                    }
                }

                records += n;
                Assert.That(records, Is.LessThanOrEqualTo((2L * input.Length) + 16), "more records than the input can hold");
            }

            Assert.That(((IReportsSkippedInput)reader).SkippedLines, Is.LessThanOrEqualTo(options.SkipBad));
        }
        catch (InputException e)
        {
            Assert.That(e.Source, Is.EqualTo("fuzz"));
            Assert.That(e.Message, Has.Length.LessThan(1000), e.Message);
        }

        if (format is DamonFormat or DamonPerfScriptFormat)
        {
            try
            {
                DamonRawReport.Write(TextWriter.Null, new MemoryStream(input), "fuzz");
            }
            catch (InputException)
            {
            }
        }
    }

    private static byte[] Damage(byte[] input, Random random)
    {
        var bytes = new List<byte>(input);
        var steps = random.Next(1, 4);
        for (var s = 0; s < steps; s++)
        {
            switch (random.Next(6))
            {
                case 0:
                    var cut = random.Next(bytes.Count + 1);
                    bytes.RemoveRange(cut, bytes.Count - cut);
                    break;
                case 1:
                    for (var k = random.Next(1, 8); k > 0 && bytes.Count > 0; k--)
                    {
                        bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                    }

                    break;
                case 2:
                    bytes = ShuffleLines(bytes, random);
                    break;
                case 3:
                    var garbage = new byte[random.Next(1, 300)];
                    random.NextBytes(garbage);
                    bytes.InsertRange(random.Next(bytes.Count + 1), garbage);
                    break;
                case 4:
                    var line = Encoding.UTF8.GetBytes(ForeignLines[random.Next(ForeignLines.Length)] + "\n");
                    bytes.InsertRange(NextLineStart(bytes, random.Next(bytes.Count + 1)), line);
                    break;
                default:
                    if (bytes.Count > 0)
                    {
                        var at = random.Next(bytes.Count);
                        bytes.Insert(at, (byte)"0123456789abcdef,:- \n\0x[]{}\"".AsSpan()[random.Next(26)]);
                    }

                    break;
            }
        }

        return [.. bytes];
    }

    private static int NextLineStart(List<byte> bytes, int from)
    {
        while (from < bytes.Count && from > 0 && bytes[from - 1] != '\n')
        {
            from++;
        }

        return from;
    }

    private static List<byte> ShuffleLines(List<byte> bytes, Random random)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < bytes.Count; i++)
        {
            if (bytes[i] == '\n')
            {
                lines.Add([.. bytes.GetRange(start, i - start + 1)]);
                start = i + 1;
            }
        }

        if (start < bytes.Count)
        {
            lines.Add([.. bytes.GetRange(start, bytes.Count - start)]);
        }

        if (lines.Count < 2)
        {
            return bytes;
        }

        for (var k = random.Next(1, 6); k > 0 && lines.Count >= 2; k--)
        {
            var a = random.Next(lines.Count);
            var b = random.Next(lines.Count);
            switch (random.Next(3))
            {
                case 0:
                    (lines[a], lines[b]) = (lines[b], lines[a]);
                    break;
                case 1:
                    lines.Insert(b, lines[a]);
                    break;
                default:
                    lines.RemoveAt(a);
                    break;
            }
        }

        var result = new List<byte>(bytes.Count);
        foreach (var l in lines)
        {
            result.AddRange(l);
        }

        return result;
    }

    /// <summary>Undamaged starting points: a prefix of the decompressed sample, cut after a line (or record).</summary>
    private static List<byte[]> BaseInputs(string format, string path)
    {
        var content = Decompress(path);
        if (format == "damo")
        {
            // A small but complete recording: the first three snapshots, as plain and zlib JSON.
            var json = JsonNode.Parse(content)!.AsArray();
            var snapshots = json[0]!["snapshots"]!.AsArray();
            while (snapshots.Count > 3)
            {
                snapshots.RemoveAt(snapshots.Count - 1);
            }

            var plain = Encoding.UTF8.GetBytes(json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            using var compressed = new MemoryStream();
            using (var z = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                z.Write(plain);
            }

            return [plain, compressed.ToArray()];
        }

        if (format == "oraclegeneral")
        {
            return [content[..(24 * 2000)]];
        }

        var prefix = content.AsSpan(0, Math.Min(content.Length, PrefixBytes));
        var last = prefix.LastIndexOf((byte)'\n');
        return [prefix[..(last + 1)].ToArray()];
    }

    private static byte[] Decompress(string path)
    {
        var raw = File.ReadAllBytes(path);
        Stream s = new MemoryStream(raw);
        if (raw.Length > 2 && raw[0] == 0x1f && raw[1] == 0x8b)
        {
            s = new GZipStream(s, CompressionMode.Decompress);
        }
        else if (DamonFormat.IsZlib(raw))
        {
            s = new ZLibStream(s, CompressionMode.Decompress);
        }

        using (s)
        {
            var ms = new MemoryStream();
            s.CopyTo(ms);
            return ms.ToArray();
        }
    }

    private static int StableHash(string text)
    {
        var h = 17;
        foreach (var c in text)
        {
            h = (h * 31) + c;
        }

        return Math.Abs(h % 20_000);
    }
}
