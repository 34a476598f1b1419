using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HmsTrace.Parquet.Compression;

/// <summary>
/// Snappy raw-block compressor (Snappy format_description.txt): a varint preamble with the uncompressed length, then
/// literal and copy elements. Matches are found the way the reference implementation does: the input is cut into
/// 64 KiB fragments, a hash table keyed by the hash of 4 bytes remembers the last position of each hash, and the
/// search skips ahead faster the longer it finds nothing. Copies use the 1-byte-offset form (length 4..11, offset
/// &lt; 2048) or the 2-byte-offset form. Stateless and thread-safe.
/// </summary>
internal static class SnappyCompressor
{
    private const int FragmentSize = 1 << 16;
    private const int MaxHashTableBits = 14;
    private const int InputMarginBytes = 15;

    /// <summary>Upper bound of the compressed size of <paramref name="sourceLength"/> bytes.</summary>
    public static int MaxCompressedLength(int sourceLength) => 32 + sourceLength + (sourceLength / 6);

    /// <summary>Compresses <paramref name="src"/> into <paramref name="dst"/> (at least <see cref="MaxCompressedLength"/> bytes); returns the length written.</summary>
    public static int Compress(ReadOnlySpan<byte> src, Span<byte> dst)
    {
        if (dst.Length < MaxCompressedLength(src.Length))
        {
            throw new ArgumentException("Destination is smaller than MaxCompressedLength.", nameof(dst));
        }

        var d = 0;
        var n = (uint)src.Length;
        while (n >= 0x80)
        {
            dst[d++] = (byte)(n | 0x80);
            n >>= 7;
        }

        dst[d++] = (byte)n;
        Span<ushort> table = stackalloc ushort[1 << MaxHashTableBits];
        for (var start = 0; start < src.Length; start += FragmentSize)
        {
            var fragment = src.Slice(start, Math.Min(FragmentSize, src.Length - start));
            var bits = TableBits(fragment.Length);
            var t = table[..(1 << bits)];
            t.Clear();
            d = CompressFragment(fragment, dst, d, t, 32 - bits);
        }

        return d;
    }

    private static int TableBits(int length)
    {
        var bits = 8;
        while (bits < MaxHashTableBits && (1 << bits) < length)
        {
            bits++;
        }

        return bits;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Load32(ref byte b, int i) => Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref b, i));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int HashOf(uint bytes, int shift) => (int)((bytes * 0x1E35A7BDu) >> shift);

    private static int CompressFragment(ReadOnlySpan<byte> input, Span<byte> output, int op, Span<ushort> table, int shift)
    {
        ref var src = ref MemoryMarshal.GetReference(input);
        ref var tab = ref MemoryMarshal.GetReference(table);
        var end = input.Length;
        var nextEmit = 0;
        var ip = 0;
        if (end >= InputMarginBytes)
        {
            var ipLimit = end - InputMarginBytes;
            ip++;
            var nextHash = HashOf(Load32(ref src, ip), shift);
            while (true)
            {
                var skip = 32;
                var nextIp = ip;
                int candidate;
                do
                {
                    ip = nextIp;
                    var hash = nextHash;
                    var step = skip++ >> 5;
                    nextIp = ip + step;
                    if (nextIp > ipLimit)
                    {
                        goto EmitRemainder;
                    }

                    nextHash = HashOf(Load32(ref src, nextIp), shift);
                    candidate = Unsafe.Add(ref tab, hash);
                    Unsafe.Add(ref tab, hash) = (ushort)ip;
                }
                while (Load32(ref src, ip) != Load32(ref src, candidate));

                op = EmitLiteral(input.Slice(nextEmit, ip - nextEmit), output, op);
                do
                {
                    var matchStart = ip;
                    var matched = 4 + MatchLength(ref src, candidate + 4, ip + 4, end);
                    ip += matched;
                    op = EmitCopy(output, op, matchStart - candidate, matched);
                    nextEmit = ip;
                    if (ip >= ipLimit)
                    {
                        goto EmitRemainder;
                    }

                    Unsafe.Add(ref tab, HashOf(Load32(ref src, ip - 1), shift)) = (ushort)(ip - 1);
                    var curHash = HashOf(Load32(ref src, ip), shift);
                    candidate = Unsafe.Add(ref tab, curHash);
                    Unsafe.Add(ref tab, curHash) = (ushort)ip;
                }
                while (Load32(ref src, ip) == Load32(ref src, candidate));

                ip++;
                nextHash = HashOf(Load32(ref src, ip), shift);
            }
        }

    EmitRemainder:
        if (nextEmit < end)
        {
            op = EmitLiteral(input[nextEmit..], output, op);
        }

        return op;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int MatchLength(ref byte src, int s1, int s2, int end)
    {
        var matched = 0;
        while (s2 + 8 <= end)
        {
            var x = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref src, s2)) ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref src, s1 + matched));
            if (x != 0)
            {
                return matched + (BitOperations.TrailingZeroCount(x) >> 3);
            }

            s2 += 8;
            matched += 8;
        }

        while (s2 < end && Unsafe.Add(ref src, s1 + matched) == Unsafe.Add(ref src, s2))
        {
            s2++;
            matched++;
        }

        return matched;
    }

    private static int EmitLiteral(ReadOnlySpan<byte> literal, Span<byte> output, int op)
    {
        var n = literal.Length - 1;
        if (n < 60)
        {
            output[op++] = (byte)(n << 2); // literal, length-1 in the upper six bits
            if (literal.Length <= 16 && output.Length - op >= 16)
            {
                ref var o = ref Unsafe.Add(ref MemoryMarshal.GetReference(output), op);
                ref var l = ref MemoryMarshal.GetReference(literal);
                if (literal.Length > 8)
                {
                    Unsafe.WriteUnaligned(ref o, Unsafe.ReadUnaligned<ulong>(ref l));
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, literal.Length - 8), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref l, literal.Length - 8)));
                }
                else
                {
                    for (var i = 0; i < literal.Length; i++)
                    {
                        Unsafe.Add(ref o, i) = Unsafe.Add(ref l, i);
                    }
                }

                return op + literal.Length;
            }
        }
        else
        {
            var count = n < 1 << 8 ? 1 : n < 1 << 16 ? 2 : n < 1 << 24 ? 3 : 4;
            output[op++] = (byte)((59 + count) << 2); // 60..63: length-1 follows in 1..4 bytes
            for (var i = 0; i < count; i++)
            {
                output[op++] = (byte)(n >> (8 * i));
            }
        }

        literal.CopyTo(output[op..]);
        return op + literal.Length;
    }

    private static int EmitCopy(Span<byte> output, int op, int offset, int length)
    {
        while (length >= 68)
        {
            op = EmitCopyAtMost64(output, op, offset, 64);
            length -= 64;
        }

        if (length > 64)
        {
            op = EmitCopyAtMost64(output, op, offset, 60);
            length -= 60;
        }

        return EmitCopyAtMost64(output, op, offset, length);
    }

    private static int EmitCopyAtMost64(Span<byte> output, int op, int offset, int length)
    {
        if (length < 12 && offset < 2048)
        {
            output[op] = (byte)(1 | ((length - 4) << 2) | ((offset >> 8) << 5)); // copy with 1-byte offset
            output[op + 1] = (byte)offset;
            return op + 2;
        }

        output[op] = (byte)(2 | ((length - 1) << 2)); // copy with 2-byte offset
        output[op + 1] = (byte)offset;
        output[op + 2] = (byte)(offset >> 8);
        return op + 3;
    }
}
