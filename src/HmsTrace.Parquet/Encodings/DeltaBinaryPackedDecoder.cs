using System.Globalization;

namespace HmsTrace.Parquet.Encodings;

/// <summary>Decodes DELTA_BINARY_PACKED (Encodings.md) with bounds checks on every read.</summary>
internal static class DeltaBinaryPackedDecoder
{
    /// <summary>
    /// Decodes the first <paramref name="dst"/>.Length values (the stream may hold more); returns the bytes consumed by
    /// the whole encoded stream so that data following it (DELTA_LENGTH_BYTE_ARRAY) can be found.
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> src, Span<long> dst, bool is32Bit, long pageOffset)
    {
        var pos = 0;
        var blockSize = ReadVarUInt(src, ref pos, pageOffset);
        var miniblocks = ReadVarUInt(src, ref pos, pageOffset);
        var total = ReadVarUInt(src, ref pos, pageOffset);
        var first = ReadZigZag(src, ref pos, pageOffset);
        if (blockSize == 0 || blockSize % 128 != 0 || blockSize > 1 << 20 || miniblocks == 0 || blockSize % miniblocks != 0 || blockSize / miniblocks % 32 != 0)
        {
            throw new ParquetFormatException(pageOffset, string.Create(CultureInfo.InvariantCulture,
                $"DELTA_BINARY_PACKED header is invalid (block size {blockSize}, {miniblocks} miniblocks)"));
        }

        if (total < (ulong)dst.Length)
        {
            throw new ParquetFormatException(pageOffset, string.Create(CultureInfo.InvariantCulture,
                $"DELTA_BINARY_PACKED holds {total} values but the page needs {dst.Length}"));
        }

        if (total == 0)
        {
            return pos;
        }

        var miniblockSize = (int)(blockSize / miniblocks);
        var mbCount = (int)miniblocks;
        Span<ulong> unpacked = stackalloc ulong[miniblockSize <= 1024 ? miniblockSize : 0];
        ulong[]? rented = null;
        if (unpacked.Length == 0)
        {
            rented = new ulong[miniblockSize];
            unpacked = rented;
        }

        if (dst.Length > 0)
        {
            dst[0] = first;
        }

        var prev = first;
        ulong done = 1;
        var widthBuf = new byte[mbCount];
        while (done < total)
        {
            var minDelta = ReadZigZag(src, ref pos, pageOffset);
            if (pos + mbCount > src.Length)
            {
                throw Truncated(pageOffset, done, total);
            }

            src.Slice(pos, mbCount).CopyTo(widthBuf);
            pos += mbCount;
            for (var m = 0; m < mbCount && done < total; m++)
            {
                int w = widthBuf[m];
                if (w > (is32Bit ? 32 : 64))
                {
                    throw new ParquetFormatException(pageOffset, string.Create(CultureInfo.InvariantCulture, $"DELTA_BINARY_PACKED miniblock bit width {w} is too large"));
                }

                var bytes = BitPacking.PackedSize(miniblockSize, w);
                var take = (int)Math.Min((ulong)miniblockSize, total - done);
                var available = Math.Min(bytes, src.Length - pos);
                if (BitPacking.PackedSize(take, w) > available)
                {
                    throw Truncated(pageOffset, done, total);
                }

                BitPacking.Unpack(src.Slice(pos, available), w, unpacked[..take]);
                pos += available;
                for (var j = 0; j < take; j++)
                {
                    var next = is32Bit
                        ? (int)unchecked((int)prev + (int)minDelta + (int)(uint)unpacked[j])
                        : unchecked(prev + minDelta + (long)unpacked[j]);
                    prev = next;
                    if (done < (ulong)dst.Length)
                    {
                        dst[(int)done] = next;
                    }

                    done++;
                }
            }
        }

        return pos;
    }

    private static ulong ReadVarUInt(ReadOnlySpan<byte> src, ref int pos, long pageOffset)
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (pos >= src.Length)
            {
                throw new ParquetFormatException(pageOffset, "DELTA_BINARY_PACKED data ends inside a varint");
            }

            var b = src[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new ParquetFormatException(pageOffset, "DELTA_BINARY_PACKED varint is longer than 10 bytes");
    }

    private static long ReadZigZag(ReadOnlySpan<byte> src, ref int pos, long pageOffset)
    {
        var u = ReadVarUInt(src, ref pos, pageOffset);
        return (long)(u >> 1) ^ -(long)(u & 1);
    }

    private static ParquetFormatException Truncated(long pageOffset, ulong decoded, ulong total)
        => new(pageOffset, string.Create(CultureInfo.InvariantCulture, $"DELTA_BINARY_PACKED data ends after {decoded} of {total} values"));
}
