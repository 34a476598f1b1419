namespace HmsTrace.Parquet.Format;

/// <summary>parquet.thrift struct Statistics.</summary>
internal sealed class Statistics
{
    public byte[]? Max { get; set; } // 1: optional binary max (deprecated)
    public byte[]? Min { get; set; } // 2: optional binary min (deprecated)
    public long? NullCount { get; set; } // 3: optional i64 null_count
    public long? DistinctCount { get; set; } // 4: optional i64 distinct_count
    public byte[]? MaxValue { get; set; } // 5: optional binary max_value
    public byte[]? MinValue { get; set; } // 6: optional binary min_value
    public bool? IsMaxValueExact { get; set; } // 7: optional bool is_max_value_exact
    public bool? IsMinValueExact { get; set; } // 8: optional bool is_min_value_exact
    public long? NanCount { get; set; } // 9: optional i64 nan_count
}
