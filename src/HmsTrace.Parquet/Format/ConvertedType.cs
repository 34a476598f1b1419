namespace HmsTrace.Parquet.Format;

/// <summary>parquet.thrift enum ConvertedType (the subset this library writes or maps).</summary>
internal enum ConvertedType
{
    Utf8 = 0, // parquet.thrift ConvertedType.UTF8
    TimestampMillis = 9, // parquet.thrift ConvertedType.TIMESTAMP_MILLIS
    TimestampMicros = 10, // parquet.thrift ConvertedType.TIMESTAMP_MICROS
    UInt8 = 11, // parquet.thrift ConvertedType.UINT_8
    UInt16 = 12,
    UInt32 = 13,
    UInt64 = 14,
    Int8 = 15, // parquet.thrift ConvertedType.INT_8
    Int16 = 16,
    Int32 = 17,
    Int64 = 18,
}
