namespace HmsTrace.Parquet.Format;

/// <summary>parquet.thrift struct RowGroup.</summary>
internal sealed class RowGroup
{
    public List<ColumnChunk> Columns { get; set; } = []; // 1: required list<ColumnChunk> columns
    public long TotalByteSize { get; set; } // 2: required i64 total_byte_size
    public long NumRows { get; set; } // 3: required i64 num_rows
    public long? FileOffset { get; set; } // 5: optional i64 file_offset
    public long? TotalCompressedSize { get; set; } // 6: optional i64 total_compressed_size
    public short? Ordinal { get; set; } // 7: optional i16 ordinal
}
