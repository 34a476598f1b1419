namespace HmsTrace.Parquet;

/// <summary>
/// Compression codecs. Values equal the spec's numbers. The writer and reader support
/// <see cref="Uncompressed"/>, <see cref="Snappy"/> and <see cref="Gzip"/>; the others exist so that metadata of
/// other files can be reported.
/// </summary>
public enum ParquetCompression
{
    /// <summary>No compression.</summary>
    Uncompressed = 0, // parquet.thrift CompressionCodec.UNCOMPRESSED

    /// <summary>Snappy raw block format (the default).</summary>
    Snappy = 1, // parquet.thrift CompressionCodec.SNAPPY

    /// <summary>GZIP (RFC 1952).</summary>
    Gzip = 2, // parquet.thrift CompressionCodec.GZIP

    /// <summary>LZO (not supported).</summary>
    Lzo = 3,

    /// <summary>Brotli (not supported).</summary>
    Brotli = 4,

    /// <summary>Hadoop-framed LZ4 (not supported).</summary>
    Lz4 = 5,

    /// <summary>Zstandard (not supported).</summary>
    Zstd = 6,

    /// <summary>Raw LZ4 block (not supported).</summary>
    Lz4Raw = 7,
}
