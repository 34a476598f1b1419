using BenchmarkDotNet.Attributes;

namespace HmsTrace.Traces.Bench;

/// <summary>Decoding speed of the native formats: one operation is one record.</summary>
[MemoryDiagnoser]
public class DecodeBenchmarks
{
    private const int BinaryRecords = 4_000_000;
    private const int CsvRecords = 1_000_000;
    private readonly TraceRecord[] _batch = new TraceRecord[16 * 1024];
    private string _binary = string.Empty;
    private string _binaryGz = string.Empty;
    private string _csv = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _binary = BenchTraces.Zipf(BinaryRecords, ".hmst");
        _binaryGz = BenchTraces.Zipf(BinaryRecords, ".hmst.gz");
        _csv = BenchTraces.Zipf(CsvRecords, ".csv");
    }

    [Benchmark(OperationsPerInvoke = BinaryRecords + 2)]
    public long Binary()
    {
        using var reader = TraceFile.OpenRead(_binary);
        return BenchTraces.Drain(reader, _batch);
    }

    [Benchmark(OperationsPerInvoke = BinaryRecords + 2)]
    public long BinaryGzip()
    {
        using var reader = TraceFile.OpenRead(_binaryGz);
        return BenchTraces.Drain(reader, _batch);
    }

    [Benchmark(OperationsPerInvoke = CsvRecords + 2)]
    public long Csv()
    {
        using var reader = TraceFile.OpenRead(_csv);
        return BenchTraces.Drain(reader, _batch);
    }
}
