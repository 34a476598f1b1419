namespace HmsTrace.Parquet;

/// <summary>Metadata of one column chunk of a row group, as stored in the footer. Immutable.</summary>
public sealed record ParquetColumnChunkInfo
{
    /// <summary>Column name (path in schema).</summary>
    public required string Name { get; init; }

    /// <summary>Physical type.</summary>
    public required ParquetPhysicalType PhysicalType { get; init; }

    /// <summary>Compression codec of the pages.</summary>
    public required ParquetCompression Compression { get; init; }

    /// <summary>Every encoding used in the chunk (pages and levels).</summary>
    public required IReadOnlyList<ParquetEncoding> Encodings { get; init; }

    /// <summary>Values including nulls.</summary>
    public required long ValueCount { get; init; }

    /// <summary>Bytes on disk including page headers.</summary>
    public required long CompressedSize { get; init; }

    /// <summary>Bytes after decompression including page headers.</summary>
    public required long UncompressedSize { get; init; }

    /// <summary>File offset of the dictionary page, if any.</summary>
    public long? DictionaryPageOffset { get; init; }

    /// <summary>File offset of the first data page.</summary>
    public required long DataPageOffset { get; init; }

    /// <summary>Statistics, if the writer recorded them.</summary>
    public ParquetStatistics? Statistics { get; init; }
}
