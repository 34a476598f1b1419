namespace HmsTrace.Parquet;

/// <summary>Metadata of one row group. Immutable.</summary>
public sealed record ParquetRowGroupInfo
{
    /// <summary>Rows in the row group.</summary>
    public required long RowCount { get; init; }

    /// <summary>Uncompressed bytes of all column chunks.</summary>
    public required long TotalByteSize { get; init; }

    /// <summary>One entry per schema column, in schema order.</summary>
    public required IReadOnlyList<ParquetColumnChunkInfo> Columns { get; init; }
}
