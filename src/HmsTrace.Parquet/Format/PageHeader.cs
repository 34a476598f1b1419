namespace HmsTrace.Parquet.Format;

/// <summary>parquet.thrift struct PageHeader.</summary>
internal sealed class PageHeader
{
    public PageType Type { get; set; } // 1: required PageType type
    public int UncompressedPageSize { get; set; } // 2: required i32 uncompressed_page_size
    public int CompressedPageSize { get; set; } // 3: required i32 compressed_page_size
    public int? Crc { get; set; } // 4: optional i32 crc
    public DataPageHeader? DataPageHeader { get; set; } // 5: optional DataPageHeader data_page_header
    public DictionaryPageHeader? DictionaryPageHeader { get; set; } // 7: optional DictionaryPageHeader
    public DataPageHeaderV2? DataPageHeaderV2 { get; set; } // 8: optional DataPageHeaderV2
}
