using HmsTrace.Parquet.Buffers;
using HmsTrace.Parquet.Encodings;

namespace HmsTrace.Parquet.Tests.Encodings;

public sealed class RleHybridTests
{
    private static byte[] Encode(int[] values, int bitWidth)
    {
        using var b = new ByteBuffer();
        RleHybridEncoder.Encode(values, bitWidth, b);
        return b.ToArray();
    }

    [Test]
    public void Eight_distinct_values_bit_pack_as_in_Encodings_md()
        => Assert.That(Encode([0, 1, 2, 3, 4, 5, 6, 7], 3), Is.EqualTo(new byte[] { 0x03, 0x88, 0xC6, 0xFA }));

    [Test]
    public void A_long_repeat_becomes_one_RLE_run()
        => Assert.That(Encode(Enumerable.Repeat(5, 100).ToArray(), 3), Is.EqualTo(new byte[] { 0xC8, 0x01, 0x05 }));

    [Test]
    public void A_short_tail_is_padded_to_a_whole_group()
        => Assert.That(Encode([1, 0, 1], 1), Is.EqualTo(new byte[] { 0x03, 0x05 }));

    [Test]
    public void Random_runs_round_trip([Range(0, 30)] int seed)
    {
        var rng = new Random(seed);
        var bitWidth = rng.Next(1, 33);
        var values = new List<int>();
        while (values.Count < rng.Next(1, 3000))
        {
            var v = bitWidth == 32 ? rng.Next(int.MinValue, int.MaxValue) : rng.Next(0, 1 << Math.Min(bitWidth, 30));
            values.AddRange(Enumerable.Repeat(v, rng.Next(1, 20)));
        }

        var bytes = Encode([.. values], bitWidth);
        var decoded = new int[values.Count];
        var consumed = RleHybridDecoder.Decode(bytes, bitWidth, decoded, 0);
        Assert.That(decoded, Is.EqualTo(values), $"seed {seed}");
        Assert.That(consumed, Is.EqualTo(bytes.Length), $"seed {seed}");
    }

    [Test]
    public void Truncated_runs_are_rejected()
        => Assert.Throws<ParquetFormatException>(() => RleHybridDecoder.Decode([0x05, 0x88], 3, new int[16], 0));
}
