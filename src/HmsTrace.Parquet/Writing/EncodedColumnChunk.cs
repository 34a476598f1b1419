using HmsTrace.Parquet.Buffers;
using HmsTrace.Parquet.Format;

namespace HmsTrace.Parquet.Writing;

/// <summary>
/// One encoded column chunk waiting to be written: its pages (dictionary page first) and its metadata, with offsets
/// relative to the chunk's start until <see cref="Relocate"/> fixes them. Owns <see cref="Bytes"/>.
/// </summary>
internal sealed class EncodedColumnChunk(ByteBuffer bytes, ColumnMetaData metaData, int rowCount) : IDisposable
{
    public ByteBuffer Bytes { get; } = bytes;

    public ColumnMetaData MetaData { get; } = metaData;

    public int RowCount { get; } = rowCount;

    /// <summary>Turns chunk-relative offsets into file offsets once the chunk's file position is known.</summary>
    public void Relocate(long chunkStart)
    {
        MetaData.DataPageOffset += chunkStart;
        if (MetaData.DictionaryPageOffset is { } d)
        {
            MetaData.DictionaryPageOffset = d + chunkStart;
        }
    }

    public void Dispose() => Bytes.Dispose();
}
