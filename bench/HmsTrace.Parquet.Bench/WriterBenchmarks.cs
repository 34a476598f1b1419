using BenchmarkDotNet.Attributes;

namespace HmsTrace.Parquet.Bench;

/// <summary>Writing one million migrations rows (one row group) to memory, per codec.</summary>
[MemoryDiagnoser]
public class WriterBenchmarks
{
    private MigrationsTable _table = null!;
    private MemoryStream _stream = null!;

    [Params(ParquetCompression.Snappy, ParquetCompression.Uncompressed)]
    public ParquetCompression Compression { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _table = new MigrationsTable(1_000_000);
        _stream = new MemoryStream(64 << 20);
    }

    [Benchmark]
    public long WriteMigrations()
    {
        _stream.Position = 0;
        return _table.Write(_stream, new ParquetWriterOptions { Compression = Compression }, 1_000_000);
    }
}
