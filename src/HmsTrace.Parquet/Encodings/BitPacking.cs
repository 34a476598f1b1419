using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace HmsTrace.Parquet.Encodings;

/// <summary>
/// Little-endian bit packing as used by the RLE / bit-packed hybrid and DELTA_BINARY_PACKED (Encodings.md): values are
/// packed from the least significant bit of the first byte onwards.
/// </summary>
internal static class BitPacking
{
    /// <summary>Number of bits needed to represent <paramref name="maxValue"/> (0 for 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int BitWidth(ulong maxValue) => 64 - BitOperations.LeadingZeroCount(maxValue);

    /// <summary>Bytes needed to pack <paramref name="count"/> values of <paramref name="bitWidth"/> bits.</summary>
    public static int PackedSize(int count, int bitWidth) => (int)(((long)count * bitWidth + 7) / 8);

    /// <summary>Packs values (only their low <paramref name="bitWidth"/> bits) into exactly <see cref="PackedSize"/> bytes of <paramref name="dst"/>.</summary>
    public static void Pack(ReadOnlySpan<ulong> values, int bitWidth, Span<byte> dst)
    {
        if (bitWidth == 0)
        {
            return;
        }

        var mask = bitWidth == 64 ? ulong.MaxValue : (1UL << bitWidth) - 1;
        ulong acc = 0;
        var bits = 0;
        var o = 0;
        foreach (var raw in values)
        {
            var v = raw & mask;
            acc |= v << bits;
            var nb = bits + bitWidth;
            if (nb >= 64)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(dst[o..], acc);
                o += 8;
                acc = bits == 0 ? 0 : v >> (64 - bits);
                nb -= 64;
            }

            bits = nb;
        }

        while (bits > 0)
        {
            dst[o++] = (byte)acc;
            acc >>= 8;
            bits -= 8;
        }
    }

    /// <summary>Packs 32-bit values (see <see cref="Pack(ReadOnlySpan{ulong}, int, Span{byte})"/>).</summary>
    public static void Pack(ReadOnlySpan<int> values, int bitWidth, Span<byte> dst)
    {
        if (bitWidth == 0)
        {
            return;
        }

        var mask = bitWidth >= 32 ? uint.MaxValue : (1U << bitWidth) - 1;
        ulong acc = 0;
        var bits = 0;
        var o = 0;
        foreach (var raw in values)
        {
            ulong v = (uint)raw & mask;
            acc |= v << bits;
            var nb = bits + bitWidth;
            if (nb >= 64)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(dst[o..], acc);
                o += 8;
                acc = bits == 0 ? 0 : v >> (64 - bits);
                nb -= 64;
            }

            bits = nb;
        }

        while (bits > 0)
        {
            dst[o++] = (byte)acc;
            acc >>= 8;
            bits -= 8;
        }
    }

    /// <summary>
    /// Unpacks <paramref name="dst"/>.Length values. <paramref name="src"/> must hold at least
    /// <see cref="PackedSize"/> bytes (callers check).
    /// </summary>
    public static void Unpack(ReadOnlySpan<byte> src, int bitWidth, Span<ulong> dst)
    {
        if (bitWidth == 0)
        {
            dst.Clear();
            return;
        }

        var mask = bitWidth == 64 ? ulong.MaxValue : (1UL << bitWidth) - 1;
        long bitPos = 0;
        for (var i = 0; i < dst.Length; i++, bitPos += bitWidth)
        {
            var byteIdx = (int)(bitPos >> 3);
            var shift = (int)(bitPos & 7);
            if (byteIdx + 8 <= src.Length && shift + bitWidth <= 64)
            {
                dst[i] = (BinaryPrimitives.ReadUInt64LittleEndian(src[byteIdx..]) >> shift) & mask;
            }
            else
            {
                dst[i] = Slow(src, byteIdx, shift, bitWidth) & mask;
            }
        }
    }

    /// <summary>Unpacks values of up to 32 bits into <paramref name="dst"/>.</summary>
    public static void Unpack(ReadOnlySpan<byte> src, int bitWidth, Span<int> dst)
    {
        if (bitWidth == 0)
        {
            dst.Clear();
            return;
        }

        var mask = bitWidth >= 32 ? uint.MaxValue : (1U << bitWidth) - 1;
        long bitPos = 0;
        for (var i = 0; i < dst.Length; i++, bitPos += bitWidth)
        {
            var byteIdx = (int)(bitPos >> 3);
            var shift = (int)(bitPos & 7);
            if (byteIdx + 8 <= src.Length)
            {
                dst[i] = (int)((uint)(BinaryPrimitives.ReadUInt64LittleEndian(src[byteIdx..]) >> shift) & mask);
            }
            else
            {
                dst[i] = (int)((uint)Slow(src, byteIdx, shift, bitWidth) & mask);
            }
        }
    }

    private static ulong Slow(ReadOnlySpan<byte> src, int byteIdx, int shift, int bitWidth)
    {
        ulong v = 0;
        var got = 0;
        while (got < bitWidth)
        {
            v |= (ulong)(src[byteIdx] >> shift) << got;
            got += 8 - shift;
            shift = 0;
            byteIdx++;
        }

        return v;
    }
}
