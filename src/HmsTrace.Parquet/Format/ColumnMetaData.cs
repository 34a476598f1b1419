namespace HmsTrace.Parquet.Format;

/// <summary>parquet.thrift struct ColumnMetaData.</summary>
internal sealed class ColumnMetaData
{
    public int Type { get; set; } // 1: required Type type
    public List<ParquetEncoding> Encodings { get; set; } = []; // 2: required list<Encoding> encodings
    public List<string> PathInSchema { get; set; } = []; // 3: required list<string> path_in_schema
    public ParquetCompression Codec { get; set; } // 4: required CompressionCodec codec
    public long NumValues { get; set; } // 5: required i64 num_values
    public long TotalUncompressedSize { get; set; } // 6: required i64 total_uncompressed_size
    public long TotalCompressedSize { get; set; } // 7: required i64 total_compressed_size
    public long DataPageOffset { get; set; } // 9: required i64 data_page_offset
    public long? IndexPageOffset { get; set; } // 10: optional i64 index_page_offset
    public long? DictionaryPageOffset { get; set; } // 11: optional i64 dictionary_page_offset
    public Statistics? Statistics { get; set; } // 12: optional Statistics statistics
    public List<PageEncodingStats>? EncodingStats { get; set; } // 13: optional list<PageEncodingStats> encoding_stats
}
