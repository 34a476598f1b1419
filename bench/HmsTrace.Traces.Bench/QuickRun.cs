using System.Diagnostics;
using System.Globalization;
using HmsTrace.Traces.Generators;
using HmsTrace.Traces.Statistics;

namespace HmsTrace.Traces.Bench;

/// <summary>
/// A fast smoke measurement (Stopwatch, best of three) for when BenchmarkDotNet's full run is too
/// long: <c>dotnet run -c Release --project bench/HmsTrace.Traces.Bench -- quick</c>.
/// </summary>
internal static class QuickRun
{
    public static void Run(long records)
    {
        var batch = new TraceRecord[16 * 1024];
        var binary = BenchTraces.Zipf(records, ".hmst");
        var binaryGz = BenchTraces.Zipf(records, ".hmst.gz");
        var csv = BenchTraces.Zipf(records / 4, ".csv");
        Report("decode hmst", () => Drain(TraceFile.OpenRead(binary), batch));
        Report("decode hmst.gz", () => Drain(TraceFile.OpenRead(binaryGz), batch));
        Report("decode csv", () => Drain(TraceFile.OpenRead(csv), batch));
        foreach (var workload in GeneratorBenchmarks.Workloads())
        {
            Report($"generate {workload}", () => Drain(TraceGenerator.Open(GeneratorBenchmarks.Options(workload)), batch));
        }

        var folder = Path.Combine(Path.GetTempPath(), "hmstrace-bench");
        Report("generate zipf -> .hmst file", () => TraceGenerator.Generate(new ZipfOptions { Accesses = records }, Path.Combine(folder, "out.hmst")));
        Report("statistics of zipf (incl. gen)", () =>
        {
            using var trace = TraceGenerator.Open(new ZipfOptions { Accesses = records });
            TraceStatistics.Compute(trace);
            return records + 2;
        });
    }

    private static long Drain(ITraceReader reader, TraceRecord[] batch)
    {
        using (reader)
        {
            return BenchTraces.Drain(reader, batch);
        }
    }

    private static void Report(string name, Func<long> run)
    {
        run(); // warm-up: JIT tiering, page cache
        var best = double.MaxValue;
        long count = 0;
        for (var i = 0; i < 3; i++)
        {
            var sw = Stopwatch.StartNew();
            count = run();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-32} {count,12:N0} records  {count / best / 1e6,8:F1} M records/s  ({best * 1000:F0} ms)"));
    }
}
