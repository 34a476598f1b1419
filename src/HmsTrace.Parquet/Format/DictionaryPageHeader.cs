namespace HmsTrace.Parquet.Format;

/// <summary>parquet.thrift struct DictionaryPageHeader.</summary>
internal sealed class DictionaryPageHeader
{
    public int NumValues { get; set; } // 1: required i32 num_values
    public ParquetEncoding Encoding { get; set; } // 2: required Encoding encoding
    public bool? IsSorted { get; set; } // 3: optional bool is_sorted
}
