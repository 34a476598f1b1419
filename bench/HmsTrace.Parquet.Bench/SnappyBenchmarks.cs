using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using HmsTrace.Parquet.Compression;

namespace HmsTrace.Parquet.Bench;

/// <summary>Snappy on 8 MB of real trace text (valgrind lackey output).</summary>
[MemoryDiagnoser]
public class SnappyBenchmarks
{
    private byte[] _data = [];
    private byte[] _compressed = [];
    private byte[] _output = [];
    private int _length;

    [GlobalSetup]
    public void Setup()
    {
        using var gz = new GZipStream(File.OpenRead("/work/shared/data/lackey/ls-usr-bin.lackey.gz"), CompressionMode.Decompress);
        var buffer = new byte[8 << 20];
        gz.ReadExactly(buffer);
        _data = buffer;
        _compressed = new byte[SnappyCompressor.MaxCompressedLength(_data.Length)];
        _length = SnappyCompressor.Compress(_data, _compressed);
        _output = new byte[_data.Length];
    }

    [Benchmark]
    public int Compress() => SnappyCompressor.Compress(_data, _compressed);

    [Benchmark]
    public void Decompress() => SnappyDecompressor.Decompress(_compressed.AsSpan(0, _length), _output, 0);
}
