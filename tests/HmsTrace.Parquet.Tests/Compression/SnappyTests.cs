using System.IO.Compression;
using HmsTrace.Parquet.Compression;

namespace HmsTrace.Parquet.Tests.Compression;

public sealed class SnappyTests
{
    private static readonly string DataFolder = FindSharedData();

    private static string FindSharedData()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return "/work/shared/data";
    }

    private static byte[] Compress(byte[] input)
    {
        var dst = new byte[SnappyCompressor.MaxCompressedLength(input.Length)];
        var n = SnappyCompressor.Compress(input, dst);
        return dst.AsSpan(0, n).ToArray();
    }

    private static byte[] Decompress(byte[] compressed)
    {
        var length = SnappyDecompressor.GetUncompressedLength(compressed, out _, 0);
        var output = new byte[length];
        SnappyDecompressor.Decompress(compressed, output, 0);
        return output;
    }

    [Test]
    public void A_literal_then_an_overlapping_one_byte_offset_copy_decompresses()
        => Assert.That(Decompress([0x0C, 0x08, (byte)'a', (byte)'b', (byte)'c', 0x15, 0x03]), Is.EqualTo("abcabcabcabc"u8.ToArray()));

    [Test]
    public void A_two_byte_offset_copy_of_length_64_repeats_one_byte()
        => Assert.That(Decompress([0x41, 0x00, (byte)'x', 0xFE, 0x01, 0x00]), Is.EqualTo(Enumerable.Repeat((byte)'x', 65).ToArray()));

    [Test]
    public void A_four_byte_offset_copy_decompresses()
        => Assert.That(Decompress([0x41, 0x00, (byte)'x', 0xFF, 0x01, 0x00, 0x00, 0x00]), Is.EqualTo(Enumerable.Repeat((byte)'x', 65).ToArray()));

    [Test]
    public void A_literal_with_a_one_byte_length_extension_decompresses()
    {
        var payload = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
        Assert.That(Decompress([0x64, 0xF0, 0x63, .. payload]), Is.EqualTo(payload));
    }

    [TestCase(new byte[] { 0x04, 0x00, (byte)'a', 0x01, 0x00 }, "offset 0")]
    [TestCase(new byte[] { 0x05, 0x00, (byte)'a', 0x01, 0x02 }, "before the start")]
    [TestCase(new byte[] { 0x05, 0x08, (byte)'a' }, "past the end of the input")]
    [TestCase(new byte[] { 0x02, 0x00, (byte)'a' }, "decompresses to 1")]
    [TestCase(new byte[] { 0x01, 0x04, (byte)'a', (byte)'b' }, "declared output")]
    [TestCase(new byte[] { 0x80 }, "preamble")]
    public void Corrupt_blocks_are_rejected_with_a_reason(byte[] block, string reason)
    {
        var ex = Assert.Throws<ParquetFormatException>(() =>
        {
            var length = SnappyDecompressor.GetUncompressedLength(block, out _, 0);
            SnappyDecompressor.Decompress(block, new byte[length], 0);
        });
        Assert.That(ex!.Message, Does.Contain(reason));
    }

    [Test]
    public void Random_and_repetitive_buffers_round_trip([Values(0, 1, 4, 15, 16, 100, 65535, 65536, 65537, 300_000)] int size, [Values(0, 1, 2)] int kind)
    {
        var rng = new Random(size * 3 + kind);
        var data = new byte[size];
        for (var i = 0; i < size; i++)
        {
            data[i] = kind switch
            {
                0 => (byte)rng.Next(256),
                1 => (byte)"abcdefgh"[rng.Next(rng.Next(1, 8))],
                _ => i > 64 && rng.Next(10) > 0 ? data[i - rng.Next(1, 64)] : (byte)rng.Next(256),
            };
        }

        var compressed = Compress(data);
        Assert.That(Decompress(compressed), Is.EqualTo(data), $"size {size} kind {kind}");
    }

    [TestCase("lackey/ls-usr-bin.lackey.gz")]
    [TestCase("pin/AbiriAmir_pinatrace.out.gz")]
    [TestCase("perf/page-faults.perf-script.txt")]
    [TestCase("damo/report-raw.expected")]
    public void Real_trace_text_round_trips_and_shrinks(string relative)
    {
        var path = Path.Combine(DataFolder, relative);
        Assert.That(File.Exists(path), Is.True, $"shared test data missing: {path}");
        byte[] data;
        if (path.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            using var ms = new MemoryStream();
            var buffer = new byte[1 << 16];
            int n;
            while (ms.Length < 8 << 20 && (n = gz.Read(buffer)) > 0)
            {
                ms.Write(buffer, 0, n);
            }

            data = ms.ToArray();
        }
        else
        {
            data = File.ReadAllBytes(path);
        }

        var compressed = Compress(data);
        Assert.That(Decompress(compressed), Is.EqualTo(data));
        Assert.That(compressed.Length, Is.LessThan(data.Length / 2), "text traces compress at least 2:1");
    }

    [Test]
    public void Compression_is_deterministic()
    {
        var data = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 5000).Select(i => $"row {i % 97} moved;")));
        var first = Compress(data);
        var second = Compress(data);
        Assert.That(second, Is.EqualTo(first));
    }
}
