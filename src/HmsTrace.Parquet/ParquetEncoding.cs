namespace HmsTrace.Parquet;

/// <summary>Page encodings as they appear in a file's metadata. Values equal the spec's numbers.</summary>
public enum ParquetEncoding
{
    /// <summary>PLAIN.</summary>
    Plain = 0, // parquet.thrift Encoding.PLAIN

    /// <summary>Deprecated dictionary encoding (read like <see cref="RleDictionary"/>).</summary>
    PlainDictionary = 2, // parquet.thrift Encoding.PLAIN_DICTIONARY

    /// <summary>RLE / bit-packed hybrid (levels, booleans).</summary>
    Rle = 3, // parquet.thrift Encoding.RLE

    /// <summary>Deprecated bit-packed levels.</summary>
    BitPacked = 4, // parquet.thrift Encoding.BIT_PACKED

    /// <summary>Delta encoding for integers.</summary>
    DeltaBinaryPacked = 5, // parquet.thrift Encoding.DELTA_BINARY_PACKED

    /// <summary>Delta-encoded lengths followed by the bytes.</summary>
    DeltaLengthByteArray = 6, // parquet.thrift Encoding.DELTA_LENGTH_BYTE_ARRAY

    /// <summary>Incremental (prefix) encoding of byte arrays.</summary>
    DeltaByteArray = 7, // parquet.thrift Encoding.DELTA_BYTE_ARRAY

    /// <summary>Dictionary indices, RLE / bit-packed hybrid.</summary>
    RleDictionary = 8, // parquet.thrift Encoding.RLE_DICTIONARY

    /// <summary>Byte-stream split of fixed-width values.</summary>
    ByteStreamSplit = 9, // parquet.thrift Encoding.BYTE_STREAM_SPLIT
}
