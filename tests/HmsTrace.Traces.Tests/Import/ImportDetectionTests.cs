using System.IO.Compression;

namespace HmsTrace.Traces.Tests.Import;

public class ImportDetectionTests
{
    [TestCase("lackey/ls-usr-bin.lackey.gz", "lackey")]
    [TestCase("pin/AbiriAmir_pinatrace.out.gz", "pin")]
    [TestCase("perf/page-faults.perf-script.txt", "perf")]
    [TestCase("perf/page-fault-user.perf-script.txt", "perf")]
    [TestCase("damo/damon.data.json_compressed", "damo")]
    [TestCase("damo/damon.data.old.json_compressed", "damo")]
    [TestCase("damo/perf.data.script", "damo-perf")]
    [TestCase("libcachesim/cloudPhysicsIO.csv", "libcachesim-csv")]
    [TestCase("libcachesim/cloudPhysicsIO.oracleGeneral.bin", "oraclegeneral")]
    public void Sample_is_claimed_by_its_format_alone(string sample, string format)
    {
        var path = SampleData.PathOf(sample);
        var head = Head(path);
        var scores = TraceFile.Formats.ToDictionary(f => f.Name, f => f.Detect(head, path));
        Assert.That(scores[format], Is.GreaterThan(0));
        Assert.That(scores.Where(s => s.Key != format).Select(s => s.Value), Has.All.LessThan(scores[format]), string.Join(", ", scores));
    }

    [Test]
    public void From_overrides_detection_and_reports_the_first_line_that_does_not_fit()
    {
        var e = Assert.Throws<InputException>(() => SampleData.ReadAll(SampleData.PathOf("lackey/ls-usr-bin.lackey.gz"), new TraceReadOptions { Format = "pin" }))!;
        Assert.That(e.Line, Is.EqualTo(1));
        Assert.That(e.Message, Does.Contain("==5439== Lackey"));
    }

    [TestCase("--time-scale")]
    [TestCase("--access-size")]
    [TestCase("--skip-bad")]
    [TestCase("--initiator")]
    public void Impossible_options_are_input_errors(string option)
    {
        var options = option switch
        {
            "--time-scale" => new TraceReadOptions { TimeScaleNs = 0 },
            "--access-size" => new TraceReadOptions { DefaultAccessSize = 0 },
            "--skip-bad" => new TraceReadOptions { SkipBad = -1 },
            _ => new TraceReadOptions { Initiator = " " },
        };
        var e = Assert.Throws<InputException>(() => SampleData.ReadAll(SampleData.PathOf("pin/AbiriAmir_pinatrace.out.gz"), options))!;
        Assert.That(e.Source, Is.EqualTo(option));
    }

    [Test]
    public void Initiator_option_names_the_only_initiator_of_formats_without_one()
    {
        using var reader = TraceFile.OpenRead(SampleData.PathOf("pin/AbiriAmir_pinatrace.out.gz"), new TraceReadOptions { Initiator = "gpu0" });
        Assert.That(reader.Header.Initiators, Is.EqualTo(new[] { "gpu0" }));
    }

    private static byte[] Head(string path)
    {
        using var file = File.OpenRead(path);
        Stream s = file;
        if (file.ReadByte() == 0x1f)
        {
            file.Position = 0;
            s = new GZipStream(file, CompressionMode.Decompress);
        }
        else
        {
            file.Position = 0;
        }

        var head = new byte[TraceFile.DetectionWindow];
        var n = s.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return head[..n];
    }
}
