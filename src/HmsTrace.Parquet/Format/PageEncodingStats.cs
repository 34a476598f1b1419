namespace HmsTrace.Parquet.Format;

/// <summary>parquet.thrift struct PageEncodingStats.</summary>
internal sealed record PageEncodingStats(PageType PageType, ParquetEncoding Encoding, int Count); // fields 1, 2, 3
