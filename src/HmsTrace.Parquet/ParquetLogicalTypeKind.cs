namespace HmsTrace.Parquet;

/// <summary>Logical type annotations this library writes. Values equal the field ids of the spec's LogicalType union.</summary>
public enum ParquetLogicalTypeKind
{
    /// <summary>No annotation: the physical type says it all.</summary>
    None = 0,

    /// <summary>UTF-8 text on BYTE_ARRAY.</summary>
    String = 1, // parquet.thrift LogicalType.1 STRING

    /// <summary>Instant or local date-time on INT64.</summary>
    Timestamp = 8, // parquet.thrift LogicalType.8 TIMESTAMP

    /// <summary>Integer of a given bit width and signedness on INT32 / INT64.</summary>
    Integer = 10, // parquet.thrift LogicalType.10 INTEGER
}
