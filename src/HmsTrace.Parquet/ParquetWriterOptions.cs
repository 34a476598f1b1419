using System.IO.Compression;
using System.Reflection;

namespace HmsTrace.Parquet;

/// <summary>Options of a <see cref="ParquetWriter"/>. Immutable; the defaults suit result tables.</summary>
public sealed record ParquetWriterOptions
{
    /// <summary>The default options.</summary>
    public static ParquetWriterOptions Default { get; } = new();

    /// <summary>Page compression: <see cref="ParquetCompression.Snappy"/> (default), <see cref="ParquetCompression.Gzip"/> or <see cref="ParquetCompression.Uncompressed"/>.</summary>
    public ParquetCompression Compression { get; init; } = ParquetCompression.Snappy;

    /// <summary>GZIP effort when <see cref="Compression"/> is GZIP. Default <see cref="CompressionLevel.Optimal"/>.</summary>
    public CompressionLevel GzipLevel { get; init; } = CompressionLevel.Optimal;

    /// <summary>Rows per row group used by <see cref="ParquetTableWriter"/> (1 to 2^31-1). Default 1,048,576.</summary>
    public int RowGroupSize { get; init; } = 1 << 20;

    /// <summary>Target size in bytes of one data page before compression. Default 1 MiB.</summary>
    public int DataPageSizeBytes { get; init; } = 1 << 20;

    /// <summary>
    /// Largest dictionary (PLAIN-encoded size in bytes) a column chunk may build; when a dictionary grows past it the
    /// rest of the chunk is written PLAIN. Default 1 MiB.
    /// </summary>
    public int DictionarySizeLimitBytes { get; init; } = 1 << 20;

    /// <summary>File-level key-value metadata, written in this order (e.g. the schema version of a table).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> KeyValueMetadata { get; init; } = [];

    /// <summary>
    /// The writer's identity in the spec's format "application version X (build Y)". Default
    /// "hmstrace version &lt;assembly version&gt; (build &lt;source revision or 'unknown'&gt;)".
    /// </summary>
    public string CreatedBy { get; init; } = DefaultCreatedBy();

    internal void Validate()
    {
        if (Compression is not (ParquetCompression.Uncompressed or ParquetCompression.Snappy or ParquetCompression.Gzip))
        {
            throw new ArgumentOutOfRangeException(nameof(Compression), Compression, "The writer supports UNCOMPRESSED, SNAPPY and GZIP.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(RowGroupSize, 1, nameof(RowGroupSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(DataPageSizeBytes, 1, nameof(DataPageSizeBytes));
        ArgumentOutOfRangeException.ThrowIfNegative(DictionarySizeLimitBytes, nameof(DictionarySizeLimitBytes));
        ArgumentNullException.ThrowIfNull(KeyValueMetadata, nameof(KeyValueMetadata));
        ArgumentNullException.ThrowIfNull(CreatedBy, nameof(CreatedBy));
        foreach (var kv in KeyValueMetadata)
        {
            ArgumentNullException.ThrowIfNull(kv.Key, nameof(KeyValueMetadata));
        }
    }

    private static string DefaultCreatedBy()
    {
        var asm = typeof(ParquetWriterOptions).Assembly;
        var informational = asm.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        var version = plus >= 0 ? informational[..plus] : informational;
        var build = plus >= 0 ? informational[(plus + 1)..] : "unknown";
        if (build.Length > 12)
        {
            build = build[..12];
        }

        return $"hmstrace version {version} (build {build})";
    }
}
