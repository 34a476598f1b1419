namespace HmsTrace.Parquet.Format;

/// <summary>parquet.thrift struct ColumnChunk.</summary>
internal sealed class ColumnChunk
{
    public string? FilePath { get; set; } // 1: optional string file_path
    public long FileOffset { get; set; } // 2: required i64 file_offset (deprecated, written as 0)
    public ColumnMetaData? MetaData { get; set; } // 3: optional ColumnMetaData meta_data (required in practice)
}
