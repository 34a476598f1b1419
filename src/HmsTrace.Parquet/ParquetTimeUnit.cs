namespace HmsTrace.Parquet;

/// <summary>Unit of a timestamp. Values equal the field ids of the spec's TimeUnit union.</summary>
public enum ParquetTimeUnit
{
    /// <summary>Milliseconds since the Unix epoch.</summary>
    Millis = 1, // parquet.thrift TimeUnit.1 MILLIS

    /// <summary>Microseconds since the Unix epoch.</summary>
    Micros = 2, // parquet.thrift TimeUnit.2 MICROS

    /// <summary>Nanoseconds since the Unix epoch (read only: written files use millis or micros).</summary>
    Nanos = 3, // parquet.thrift TimeUnit.3 NANOS
}
