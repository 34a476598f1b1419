using HmsTrace.Parquet.Buffers;

namespace HmsTrace.Parquet.Encodings;

/// <summary>
/// DELTA_BINARY_PACKED (Encodings.md): header &lt;block size&gt; &lt;miniblocks per block&gt; &lt;total count&gt;
/// &lt;first value (zigzag)&gt;, then per block &lt;min delta (zigzag)&gt; &lt;one bit-width byte per miniblock&gt;
/// &lt;bit-packed miniblocks&gt;. Deltas wrap in the column's width (32 bits for INT32), so relative values always fit it.
/// </summary>
internal static class DeltaBinaryPackedEncoder
{
    public const int BlockSize = 128;
    public const int MiniblocksPerBlock = 4;
    public const int MiniblockSize = BlockSize / MiniblocksPerBlock;

    public static void Encode(ReadOnlySpan<long> values, bool is32Bit, ByteBuffer dst)
    {
        dst.WriteVarUInt64(BlockSize);
        dst.WriteVarUInt64(MiniblocksPerBlock);
        dst.WriteVarUInt64((ulong)values.Length);
        dst.WriteZigZagInt64(values.Length > 0 ? values[0] : 0);
        if (values.Length <= 1)
        {
            return;
        }

        Span<long> deltas = stackalloc long[BlockSize];
        Span<ulong> relative = stackalloc ulong[BlockSize];
        var prev = values[0];
        var i = 1;
        while (i < values.Length)
        {
            var count = Math.Min(BlockSize, values.Length - i);
            var minDelta = long.MaxValue;
            for (var j = 0; j < count; j++)
            {
                var v = values[i + j];
                var d = is32Bit ? (int)unchecked((int)v - (int)prev) : unchecked(v - prev);
                deltas[j] = d;
                prev = v;
                if (d < minDelta)
                {
                    minDelta = d;
                }
            }

            for (var j = 0; j < count; j++)
            {
                relative[j] = is32Bit ? (uint)unchecked((int)deltas[j] - (int)minDelta) : unchecked((ulong)(deltas[j] - minDelta));
            }

            relative[count..].Clear();
            dst.WriteZigZagInt64(minDelta);
            var widthsAt = dst.Length;
            var widths = dst.GetSpan(MiniblocksPerBlock);
            dst.Advance(MiniblocksPerBlock);
            var used = (count + MiniblockSize - 1) / MiniblockSize;
            for (var m = 0; m < MiniblocksPerBlock; m++)
            {
                var w = 0;
                if (m < used)
                {
                    ulong or = 0;
                    foreach (var r in relative.Slice(m * MiniblockSize, MiniblockSize))
                    {
                        or |= r;
                    }

                    w = BitPacking.BitWidth(or);
                }

                dst.RawArray[widthsAt + m] = (byte)w;
                if (m < used)
                {
                    var bytes = BitPacking.PackedSize(MiniblockSize, w);
                    BitPacking.Pack(relative.Slice(m * MiniblockSize, MiniblockSize), w, dst.GetSpan(bytes));
                    dst.Advance(bytes);
                }
            }

            i += count;
        }
    }
}
