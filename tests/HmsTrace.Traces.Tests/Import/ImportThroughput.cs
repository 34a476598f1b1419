using System.Diagnostics;
using System.IO.Compression;
using HmsTrace.Traces.Import;

namespace HmsTrace.Traces.Tests.Import;

/// <summary>
/// Lines per second of the text importers on the real samples. Explicit: a measurement, not a
/// check. Run with
/// <c>dotnet test tests/HmsTrace.Traces.Tests -c Release --filter "FullyQualifiedName~ImportThroughput" --logger "console;verbosity=detailed"</c>.
/// </summary>
[Explicit("measurement; run on demand")]
public class ImportThroughput
{
    [TestCase("lackey/ls-usr-bin.lackey.gz", "lackey", 5_404_339)]
    [TestCase("pin/AbiriAmir_pinatrace.out.gz", "pin", 90_728)]
    public void Lines_per_second(string sample, string format, long lines)
    {
        var path = SampleData.PathOf(sample);
        var importer = TraceFile.FindFormat(format)!;
        var plain = Inflate(path);
        var repeat = Math.Max(1, (int)(5_000_000 / lines));

        // Warm up the JIT (tiered compilation) first; report the best of three rounds.
        Drain(importer.Open(new MemoryStream(plain), path, new TraceReadOptions()));
        double excluding = 0, including = 0;
        long records = 0;
        for (var round = 0; round < 3; round++)
        {
            var sw = Stopwatch.StartNew();
            records = 0;
            for (var i = 0; i < repeat; i++)
            {
                records += Drain(importer.Open(new MemoryStream(plain), path, new TraceReadOptions()));
            }

            excluding = Math.Max(excluding, lines * repeat / sw.Elapsed.TotalSeconds);
            sw.Restart();
            for (var i = 0; i < repeat; i++)
            {
                Drain(TraceFile.OpenRead(path));
            }

            including = Math.Max(including, lines * repeat / sw.Elapsed.TotalSeconds);
        }

        TestContext.Out.WriteLine($"{sample}: {lines * repeat:N0} lines, {records:N0} records; " +
            $"excluding gunzip {excluding / 1e6:F2} M lines/s, including gunzip {including / 1e6:F2} M lines/s");
        Assert.That(records, Is.GreaterThan(0));
    }

    private static long Drain(ITraceReader reader)
    {
        using (reader)
        {
            var batch = new TraceRecord[8192];
            long total = 0;
            int n;
            while ((n = reader.Read(batch)) > 0)
            {
                total += n;
            }

            return total;
        }
    }

    private static byte[] Inflate(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }
}
