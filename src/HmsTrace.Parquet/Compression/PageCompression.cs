using System.Globalization;
using System.IO.Compression;
using HmsTrace.Parquet.Buffers;

namespace HmsTrace.Parquet.Compression;

/// <summary>Compresses and decompresses page bodies with the codecs of Compression.md this library supports.</summary>
internal static class PageCompression
{
    /// <summary>Appends the compressed form of <paramref name="src"/> to <paramref name="dst"/>.</summary>
    public static void Compress(ParquetCompression codec, ReadOnlySpan<byte> src, ByteBuffer dst, CompressionLevel gzipLevel)
    {
        switch (codec)
        {
            case ParquetCompression.Uncompressed:
                dst.Write(src);
                break;
            case ParquetCompression.Snappy:
                {
                    var max = SnappyCompressor.MaxCompressedLength(src.Length);
                    var written = SnappyCompressor.Compress(src, dst.GetSpan(max));
                    dst.Advance(written);
                    break;
                }

            case ParquetCompression.Gzip:
                {
                    using var sink = new ByteBufferStream(dst);
                    using (var gz = new GZipStream(sink, gzipLevel, leaveOpen: true))
                    {
                        gz.Write(src);
                    }

                    break;
                }

            default:
                throw new NotSupportedException($"Compression codec {codec} is not supported by the writer.");
        }
    }

    /// <summary>Decompresses a page body into exactly <paramref name="dst"/>.</summary>
    public static void Decompress(ParquetCompression codec, ReadOnlySpan<byte> src, Span<byte> dst, long fileOffset)
    {
        switch (codec)
        {
            case ParquetCompression.Uncompressed:
                if (src.Length != dst.Length)
                {
                    throw new ParquetFormatException(fileOffset, string.Create(CultureInfo.InvariantCulture,
                        $"uncompressed page has {src.Length} bytes but its header says {dst.Length}"));
                }

                src.CopyTo(dst);
                break;
            case ParquetCompression.Snappy:
                SnappyDecompressor.Decompress(src, dst, fileOffset);
                break;
            case ParquetCompression.Gzip:
                GzipDecompress(src, dst, fileOffset);
                break;
            default:
                throw new ParquetFormatException(fileOffset, $"compression codec {CodecName(codec)} is not supported (supported: UNCOMPRESSED, SNAPPY, GZIP)");
        }
    }

    public static string CodecName(ParquetCompression codec) => codec switch
    {
        ParquetCompression.Uncompressed => "UNCOMPRESSED",
        ParquetCompression.Snappy => "SNAPPY",
        ParquetCompression.Gzip => "GZIP",
        ParquetCompression.Lzo => "LZO",
        ParquetCompression.Brotli => "BROTLI",
        ParquetCompression.Lz4 => "LZ4",
        ParquetCompression.Zstd => "ZSTD",
        ParquetCompression.Lz4Raw => "LZ4_RAW",
        _ => string.Create(CultureInfo.InvariantCulture, $"#{(int)codec}"),
    };

    private static void GzipDecompress(ReadOnlySpan<byte> src, Span<byte> dst, long fileOffset)
    {
        var copy = src.ToArray();
        try
        {
            using var gz = new GZipStream(new MemoryStream(copy, writable: false), CompressionMode.Decompress);
            var total = 0;
            while (total < dst.Length)
            {
                var n = gz.Read(dst[total..]);
                if (n == 0)
                {
                    break;
                }

                total += n;
            }

            Span<byte> probe = stackalloc byte[1];
            if (total != dst.Length || gz.Read(probe) != 0)
            {
                throw new ParquetFormatException(fileOffset, string.Create(CultureInfo.InvariantCulture,
                    $"GZIP page does not decompress to the {dst.Length} bytes its header declares"));
            }
        }
        catch (InvalidDataException e)
        {
            throw new ParquetFormatException(fileOffset, "GZIP page is corrupt: " + e.Message, e);
        }
    }
}
