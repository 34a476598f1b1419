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
    public static void Pack(ReadOnlySpan<ulong> values, int bitWidth, Span<byte> dst) => Pack<ulong>(values, bitWidth, dst);

    /// <summary>Packs 32-bit values (see <see cref="Pack(ReadOnlySpan{ulong}, int, Span{byte})"/>).</summary>
    public static void Pack(ReadOnlySpan<int> values, int bitWidth, Span<byte> dst) => Pack<int>(values, bitWidth, dst);

    /// <summary>
    /// Unpacks <paramref name="dst"/>.Length values. <paramref name="src"/> must hold at least
    /// <see cref="PackedSize"/> bytes (callers check).
    /// </summary>
    public static void Unpack(ReadOnlySpan<byte> src, int bitWidth, Span<ulong> dst) => Unpack<ulong>(src, bitWidth, dst);

    /// <summary>Unpacks values of up to 32 bits into <paramref name="dst"/>.</summary>
    public static void Unpack(ReadOnlySpan<byte> src, int bitWidth, Span<int> dst) => Unpack<int>(src, bitWidth, dst);

    /// <summary>
    /// The bits of a <typeparamref name="T"/> value that a width keeps: the low <paramref name="bitWidth"/>
    /// bits, and never more than the type has (so a 32-bit value is never sign-extended into a wider field).
    /// </summary>
    private static ulong Mask<T>(int bitWidth)
        where T : unmanaged
    {
        var width = Math.Min(bitWidth, Unsafe.SizeOf<T>() * 8);
        return width == 64 ? ulong.MaxValue : (1UL << width) - 1;
    }

    // One implementation for every element type; the JIT specialises it per value type.
    private static void Pack<T>(ReadOnlySpan<T> values, int bitWidth, Span<byte> dst)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (bitWidth == 0)
        {
            return;
        }

        var mask = Mask<T>(bitWidth);
        ulong acc = 0;
        var bits = 0;
        var o = 0;
        foreach (var raw in values)
        {
            var v = ulong.CreateTruncating(raw) & mask;
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

    private static void Unpack<T>(ReadOnlySpan<byte> src, int bitWidth, Span<T> dst)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (bitWidth == 0)
        {
            dst.Clear();
            return;
        }

        var mask = Mask<T>(bitWidth);
        var wanted = Math.Min(bitWidth, Unsafe.SizeOf<T>() * 8);
        long bitPos = 0;
        for (var i = 0; i < dst.Length; i++, bitPos += bitWidth)
        {
            var byteIdx = (int)(bitPos >> 3);
            var shift = (int)(bitPos & 7);
            var v = byteIdx + 8 <= src.Length && shift + wanted <= 64
                ? BinaryPrimitives.ReadUInt64LittleEndian(src[byteIdx..]) >> shift
                : Slow(src, byteIdx, shift, bitWidth);
            dst[i] = T.CreateTruncating(v & mask);
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
