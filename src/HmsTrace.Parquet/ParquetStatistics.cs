namespace HmsTrace.Parquet;

/// <summary>
/// Column chunk statistics as stored in the file. Bounds are PLAIN-encoded (little-endian numbers, raw bytes for
/// BYTE_ARRAY, no length prefix). Immutable; the arrays belong to this object and must not be modified.
/// </summary>
public sealed record ParquetStatistics
{
    /// <summary>Nulls in the chunk, if the writer recorded it.</summary>
    public long? NullCount { get; init; }

    /// <summary>NaN values in a floating-point chunk, if the writer recorded it.</summary>
    public long? NanCount { get; init; }

    /// <summary>Distinct values, if the writer recorded it.</summary>
    public long? DistinctCount { get; init; }

    /// <summary>Lower bound (Statistics.min_value, or the deprecated min for signed-order types), or null.</summary>
    public byte[]? MinValue { get; init; }

    /// <summary>Upper bound (Statistics.max_value, or the deprecated max for signed-order types), or null.</summary>
    public byte[]? MaxValue { get; init; }
}
