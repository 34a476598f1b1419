using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HmsTrace.Parquet.Compression;

/// <summary>
/// Snappy raw-block decompressor (Snappy format_description.txt) that validates every element: literal lengths and
/// copy offsets must stay inside the input and the output, offsets must be non-zero and point into what was already
/// produced, and the output must have exactly the length the preamble declares. Stateless and thread-safe.
/// </summary>
internal static class SnappyDecompressor
{
    /// <summary>Reads the preamble: the uncompressed length and the number of bytes it occupies.</summary>
    public static int GetUncompressedLength(ReadOnlySpan<byte> src, out int preambleLength, long fileOffset)
    {
        ulong v = 0;
        for (var i = 0; i < 5; i++)
        {
            if (i >= src.Length)
            {
                throw new ParquetFormatException(fileOffset, "Snappy block ends inside its length preamble");
            }

            var b = src[i];
            v |= (ulong)(b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                if (v > int.MaxValue)
                {
                    break;
                }

                preambleLength = i + 1;
                return (int)v;
            }
        }

        throw new ParquetFormatException(fileOffset, "Snappy length preamble is invalid or larger than 2 GiB");
    }

    /// <summary>Decompresses <paramref name="src"/> into exactly <paramref name="dst"/> (whose length must be the declared length).</summary>
    /// <param name="src">A whole Snappy block.</param>
    /// <param name="dst">Receives the output; its length must equal the preamble's value.</param>
    /// <param name="fileOffset">File offset of <paramref name="src"/>, for error messages.</param>
    public static void Decompress(ReadOnlySpan<byte> src, Span<byte> dst, long fileOffset)
    {
        var declared = GetUncompressedLength(src, out var ip, fileOffset);
        if (declared != dst.Length)
        {
            throw new ParquetFormatException(fileOffset, string.Create(CultureInfo.InvariantCulture,
                $"Snappy block declares {declared} bytes but the page header says {dst.Length}"));
        }

        ref var s = ref MemoryMarshal.GetReference(src);
        ref var d = ref MemoryMarshal.GetReference(dst);
        var inEnd = src.Length;
        var outEnd = dst.Length;
        var op = 0;
        while (ip < inEnd)
        {
            int tag = Unsafe.Add(ref s, ip++);
            int length;
            int offset;
            switch (tag & 3)
            {
                case 0:
                    {
                        length = (tag >> 2) + 1;
                        if (length > 60)
                        {
                            var extra = length - 60;
                            if (inEnd - ip < extra)
                            {
                                throw Bad(fileOffset, ip - 1, "literal length runs past the end of the input");
                            }

                            uint len = 0;
                            for (var i = 0; i < extra; i++)
                            {
                                len |= (uint)Unsafe.Add(ref s, ip + i) << (8 * i);
                            }

                            ip += extra;
                            if (len >= int.MaxValue)
                            {
                                throw Bad(fileOffset, ip - 1, "literal is longer than 2 GiB");
                            }

                            length = (int)len + 1;
                        }

                        if (length > inEnd - ip)
                        {
                            throw Bad(fileOffset, ip, "literal runs past the end of the input");
                        }

                        if (length > outEnd - op)
                        {
                            throw Bad(fileOffset, ip, "literal runs past the declared output length");
                        }

                        if (length <= 16 && inEnd - ip >= 16 && outEnd - op >= 16)
                        {
                            Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, op), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref s, ip)));
                            Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, op + 8), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref s, ip + 8)));
                        }
                        else
                        {
                            Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref d, op), ref Unsafe.Add(ref s, ip), (uint)length);
                        }

                        ip += length;
                        op += length;
                        continue;
                    }

                case 1:
                    length = ((tag >> 2) & 7) + 4;
                    if (ip >= inEnd)
                    {
                        throw Bad(fileOffset, ip - 1, "copy element runs past the end of the input");
                    }

                    offset = ((tag >> 5) << 8) | Unsafe.Add(ref s, ip++);
                    break;
                case 2:
                    length = (tag >> 2) + 1;
                    if (inEnd - ip < 2)
                    {
                        throw Bad(fileOffset, ip - 1, "copy element runs past the end of the input");
                    }

                    offset = Unsafe.Add(ref s, ip) | (Unsafe.Add(ref s, ip + 1) << 8);
                    ip += 2;
                    break;
                default:
                    {
                        length = (tag >> 2) + 1;
                        if (inEnd - ip < 4)
                        {
                            throw Bad(fileOffset, ip - 1, "copy element runs past the end of the input");
                        }

                        var off = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref s, ip));
                        ip += 4;
                        offset = off > int.MaxValue ? int.MaxValue : (int)off;
                        break;
                    }
            }

            if (offset == 0 || offset > op)
            {
                throw Bad(fileOffset, ip - 1, string.Create(CultureInfo.InvariantCulture, $"copy offset {offset} points before the start of the output (at output byte {op})"));
            }

            if (length > outEnd - op)
            {
                throw Bad(fileOffset, ip - 1, "copy runs past the declared output length");
            }

            ref var from = ref Unsafe.Add(ref d, op - offset);
            ref var to = ref Unsafe.Add(ref d, op);
            if (offset >= 8 && outEnd - op >= length + 8)
            {
                // Eight bytes at a time; each chunk reads only bytes already written because offset >= 8.
                for (var i = 0; i < length; i += 8)
                {
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, i), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref from, i)));
                }
            }
            else
            {
                for (var i = 0; i < length; i++)
                {
                    Unsafe.Add(ref to, i) = Unsafe.Add(ref from, i);
                }
            }

            op += length;
        }

        if (op != outEnd)
        {
            throw new ParquetFormatException(fileOffset, string.Create(CultureInfo.InvariantCulture,
                $"Snappy block decompresses to {op} bytes but declares {outEnd}"));
        }
    }

    private static ParquetFormatException Bad(long fileOffset, int at, string problem)
        => new(fileOffset + at, "Snappy: " + problem);
}
