using HmsTrace.Traces.Generators;

namespace HmsTrace.Traces.Bench;

/// <summary>Input files the decoding benchmarks share, generated once per process into a temp folder.</summary>
internal static class BenchTraces
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "hmstrace-bench");

    /// <summary>A zipf trace of about <paramref name="accesses"/> records in the format its extension names.</summary>
    public static string Zipf(long accesses, string extension)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, $"zipf-{accesses}{extension}");
        if (!File.Exists(path))
        {
            TraceGenerator.Generate(new ZipfOptions { Accesses = accesses, Seed = 1 }, path);
        }

        return path;
    }

    /// <summary>Reads <paramref name="reader"/> to the end and returns the record count (and a checksum, so nothing is optimised away).</summary>
    public static long Drain(ITraceReader reader, TraceRecord[] batch)
    {
        long count = 0;
        ulong sum = 0;
        int n;
        while ((n = reader.Read(batch)) > 0)
        {
            count += n;
            sum += batch[n - 1].Address;
        }

        return count + (long)(sum & 1) - (long)(sum & 1);
    }
}
