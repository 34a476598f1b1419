namespace HmsTrace.Parquet.Format;

/// <summary>parquet.thrift struct DataPageHeader (v1).</summary>
internal sealed class DataPageHeader
{
    public int NumValues { get; set; } // 1: required i32 num_values (including nulls)
    public ParquetEncoding Encoding { get; set; } // 2: required Encoding encoding
    public ParquetEncoding DefinitionLevelEncoding { get; set; } // 3: required Encoding definition_level_encoding
    public ParquetEncoding RepetitionLevelEncoding { get; set; } // 4: required Encoding repetition_level_encoding
}
