namespace HmsTrace.Parquet.Format;

/// <summary>parquet.thrift struct DataPageHeaderV2.</summary>
internal sealed class DataPageHeaderV2
{
    public int NumValues { get; set; } // 1: required i32 num_values
    public int NumNulls { get; set; } // 2: required i32 num_nulls
    public int NumRows { get; set; } // 3: required i32 num_rows
    public ParquetEncoding Encoding { get; set; } // 4: required Encoding encoding
    public int DefinitionLevelsByteLength { get; set; } // 5: required i32 definition_levels_byte_length
    public int RepetitionLevelsByteLength { get; set; } // 6: required i32 repetition_levels_byte_length
    public bool IsCompressed { get; set; } = true; // 7: optional bool is_compressed = true
}
