using HmsTrace.Parquet.Buffers;

namespace HmsTrace.Parquet.Encodings;

/// <summary>
/// Encodes the RLE / bit-packed hybrid (Encodings.md "Run Length Encoding / Bit-Packing Hybrid"): runs of 8 or more equal
/// values become RLE runs (varint header count&lt;&lt;1, value in ceil(bitWidth/8) bytes); everything else becomes
/// bit-packed runs of whole groups of 8 (varint header groups&lt;&lt;1|1). Only the final group may be padded.
/// </summary>
internal static class RleHybridEncoder
{
    public static void Encode(ReadOnlySpan<int> values, int bitWidth, ByteBuffer dst)
    {
        var n = values.Length;
        var i = 0;
        var valueBytes = (bitWidth + 7) / 8;
        Span<int> pad = stackalloc int[8];
        while (i < n)
        {
            var run = RunLength(values, i);
            if (run >= 8)
            {
                dst.WriteVarUInt64((ulong)run << 1);
                var v = values[i];
                for (var b = 0; b < valueBytes; b++)
                {
                    dst.WriteByte((byte)(v >> (8 * b)));
                }

                i += run;
                continue;
            }

            // Literal section: extend until a run long enough to stand alone starts on a group boundary.
            var start = i;
            var k = i;
            var end = n;
            while (k < n)
            {
                var r = RunLength(values, k);
                var padTo8 = (8 - ((k - start) & 7)) & 7;
                if (r - padTo8 >= 8)
                {
                    end = k + padTo8;
                    break;
                }

                k += r;
            }

            var count = end - start;
            var groups = (count + 7) / 8;
            dst.WriteVarUInt64(((ulong)groups << 1) | 1);
            var full = count / 8 * 8;
            var bytes = BitPacking.PackedSize(full, bitWidth);
            BitPacking.Pack(values.Slice(start, full), bitWidth, dst.GetSpan(bytes));
            dst.Advance(bytes);
            if (full < count)
            {
                pad.Clear();
                values.Slice(start + full, count - full).CopyTo(pad);
                var tail = BitPacking.PackedSize(8, bitWidth);
                BitPacking.Pack(pad, bitWidth, dst.GetSpan(tail));
                dst.Advance(tail);
            }

            i = end;
        }
    }

    private static int RunLength(ReadOnlySpan<int> values, int start)
    {
        var v = values[start];
        var j = start + 1;
        while (j < values.Length && values[j] == v)
        {
            j++;
        }

        return j - start;
    }
}
