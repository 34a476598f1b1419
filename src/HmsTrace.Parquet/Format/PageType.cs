namespace HmsTrace.Parquet.Format;

/// <summary>parquet.thrift enum PageType.</summary>
internal enum PageType
{
    DataPage = 0, // parquet.thrift PageType.DATA_PAGE
    IndexPage = 1, // parquet.thrift PageType.INDEX_PAGE
    DictionaryPage = 2, // parquet.thrift PageType.DICTIONARY_PAGE
    DataPageV2 = 3, // parquet.thrift PageType.DATA_PAGE_V2
}
