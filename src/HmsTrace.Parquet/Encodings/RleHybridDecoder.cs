using System.Globalization;

namespace HmsTrace.Parquet.Encodings;

/// <summary>Decodes the RLE / bit-packed hybrid (Encodings.md) with bounds checks on every read.</summary>
internal static class RleHybridDecoder
{
    /// <summary>Decodes exactly <paramref name="dst"/>.Length values; returns the bytes consumed.</summary>
    /// <param name="src">Encoded runs (without the 4-byte length prefix).</param>
    /// <param name="bitWidth">Bits per value, 0..32.</param>
    /// <param name="dst">Receives the values.</param>
    /// <param name="pageOffset">File offset of the page, for error messages.</param>
    public static int Decode(ReadOnlySpan<byte> src, int bitWidth, Span<int> dst, long pageOffset)
    {
        if (bitWidth is < 0 or > 32)
        {
            throw new ParquetFormatException(pageOffset, string.Create(CultureInfo.InvariantCulture, $"RLE/bit-packed bit width {bitWidth} is out of range 0..32"));
        }

        var pos = 0;
        var n = 0;
        var valueBytes = (bitWidth + 7) / 8;
        while (n < dst.Length)
        {
            var header = ReadVarUInt(src, ref pos, pageOffset);
            if ((header & 1) == 0)
            {
                var count = header >> 1;
                if (pos + valueBytes > src.Length)
                {
                    throw Truncated(pageOffset, n, dst.Length);
                }

                var v = 0;
                for (var b = 0; b < valueBytes; b++)
                {
                    v |= src[pos + b] << (8 * b);
                }

                pos += valueBytes;
                var take = (int)Math.Min(count, (ulong)(dst.Length - n));
                dst.Slice(n, take).Fill(v);
                n += take;
            }
            else
            {
                var groups = header >> 1;
                if (groups > int.MaxValue / 8)
                {
                    throw new ParquetFormatException(pageOffset, "bit-packed run is longer than any page");
                }

                var count = (int)groups * 8;
                var bytes = BitPacking.PackedSize(count, bitWidth);
                var available = Math.Min(bytes, src.Length - pos);
                var take = Math.Min(count, dst.Length - n);
                if (BitPacking.PackedSize(take, bitWidth) > available)
                {
                    throw Truncated(pageOffset, n, dst.Length);
                }

                BitPacking.Unpack(src.Slice(pos, available), bitWidth, dst.Slice(n, take));
                pos += available;
                n += take;
            }
        }

        return pos;
    }

    private static ulong ReadVarUInt(ReadOnlySpan<byte> src, ref int pos, long pageOffset)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (pos >= src.Length)
            {
                throw new ParquetFormatException(pageOffset, "RLE/bit-packed run header runs past the end of the page");
            }

            var b = src[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new ParquetFormatException(pageOffset, "RLE/bit-packed run header is not a valid varint");
    }

    private static ParquetFormatException Truncated(long pageOffset, int decoded, int expected)
        => new(pageOffset, string.Create(CultureInfo.InvariantCulture, $"RLE/bit-packed data ends after {decoded} of {expected} values"));
}
