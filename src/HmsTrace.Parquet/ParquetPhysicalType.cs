namespace HmsTrace.Parquet;

/// <summary>Physical (storage) types this library writes and reads. Values equal the spec's numbers.</summary>
public enum ParquetPhysicalType
{
    /// <summary>One bit per value.</summary>
    Boolean = 0, // parquet.thrift Type.BOOLEAN

    /// <summary>32-bit signed integer, little-endian.</summary>
    Int32 = 1, // parquet.thrift Type.INT32

    /// <summary>64-bit signed integer, little-endian.</summary>
    Int64 = 2, // parquet.thrift Type.INT64

    /// <summary>IEEE 754 binary64.</summary>
    Double = 5, // parquet.thrift Type.DOUBLE

    /// <summary>Variable-length bytes (UTF-8 text when the logical type is <see cref="ParquetLogicalTypeKind.String"/>).</summary>
    ByteArray = 6, // parquet.thrift Type.BYTE_ARRAY
}
