using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using HmsTrace.Parquet.Compression;

namespace HmsTrace.Parquet.Bench;

/// <summary>
/// A Stopwatch measurement that runs in about a minute: Snappy MB/s on real trace text, and the 10-million-row
/// migrations table written by HmsTrace.Parquet next to DuckDB (node api) writing the same rows with SNAPPY.
/// </summary>
public static class QuickMeasurement
{
    public static void Run(int rows, string interopFolder)
    {
        SnappyThroughput();
        var dir = Path.Combine(Path.GetTempPath(), "hmstrace-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        try
        {
            var sw = Stopwatch.StartNew();
            var table = new MigrationsTable(rows);
            var generateMs = sw.Elapsed.TotalMilliseconds;
            var path = Path.Combine(dir, "ours.parquet");
            double best = double.MaxValue;
            long size = 0;
            for (var rep = 0; rep < 3; rep++)
            {
                using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
                sw.Restart();
                size = table.Write(fs, ParquetWriterOptions.Default, ParquetWriterOptions.Default.RowGroupSize);
                best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
            }

            Console.WriteLine(FormattableString.Invariant($"hmstrace: {rows:N0} rows, generate {generateMs:F0} ms, write best of 3 {best:F0} ms = {rows / best * 1000:N0} rows/s, {size:N0} bytes"));
            sw.Restart();
            using (var r = ParquetReader.Open(File.OpenRead(path)))
            {
                for (var g = 0; g < r.RowGroups.Count; g++)
                {
                    r.ReadInt64(g, 1);
                    r.ReadString(g, 10);
                }
            }

            Console.WriteLine(FormattableString.Invariant($"hmstrace: read back t_ns + outcome of all row groups in {sw.Elapsed.TotalMilliseconds:F0} ms"));
            foreach (var threads in new[] { 1, 2 })
            {
                var duckPath = Path.Combine(dir, "duck.parquet");
                var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "duckdb-migrations.mjs"), interopFolder, duckPath, rows.ToString(CultureInfo.InvariantCulture), threads.ToString(CultureInfo.InvariantCulture), MigrationsTable.DuckDbSql })
                {
                    psi.ArgumentList.Add(a);
                }

                using var p = Process.Start(psi)!;
                var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
                p.WaitForExit();
                Console.WriteLine($"duckdb threads={threads}: {output.Trim()}");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void SnappyThroughput()
    {
        var lackey = "/work/shared/data/lackey/ls-usr-bin.lackey.gz";
        byte[] data;
        using (var gz = new GZipStream(File.OpenRead(lackey), CompressionMode.Decompress))
        using (var ms = new MemoryStream())
        {
            gz.CopyTo(ms);
            data = ms.ToArray();
        }

        data = data.AsSpan(0, Math.Min(data.Length, 64 << 20)).ToArray();
        var dst = new byte[SnappyCompressor.MaxCompressedLength(data.Length)];
        var n = 0;
        var best = double.MaxValue;
        for (var rep = 0; rep < 5; rep++)
        {
            var sw = Stopwatch.StartNew();
            n = SnappyCompressor.Compress(data, dst);
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }

        Console.WriteLine(FormattableString.Invariant($"snappy compress: {data.Length / best / 1e6:F0} MB/s on {data.Length / 1e6:F1} MB of lackey text (ratio {(double)data.Length / n:F2})"));
        var back = new byte[data.Length];
        best = double.MaxValue;
        for (var rep = 0; rep < 5; rep++)
        {
            var sw = Stopwatch.StartNew();
            SnappyDecompressor.Decompress(dst.AsSpan(0, n), back, 0);
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }

        Console.WriteLine(FormattableString.Invariant($"snappy decompress: {data.Length / best / 1e6:F0} MB/s"));
    }
}
