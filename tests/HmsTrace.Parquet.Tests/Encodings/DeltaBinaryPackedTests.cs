using HmsTrace.Parquet.Buffers;
using HmsTrace.Parquet.Encodings;

namespace HmsTrace.Parquet.Tests.Encodings;

public sealed class DeltaBinaryPackedTests
{
    private static byte[] Encode(long[] values, bool is32 = false)
    {
        using var b = new ByteBuffer();
        DeltaBinaryPackedEncoder.Encode(values, is32, b);
        return b.ToArray();
    }

    [Test]
    public void Encodings_md_example_1_encodes_constant_deltas_with_zero_bit_width()
        => Assert.That(Encode([1, 2, 3, 4, 5]), Is.EqualTo(new byte[] { 0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00 }));

    [Test]
    public void Encodings_md_example_2_subtracts_the_minimum_delta()
        => Assert.That(Encode([7, 5, 3, 1, 2, 3, 4, 5]), Is.EqualTo(new byte[]
        {
            0x80, 0x01, 0x04, 0x08, 0x0E, // block 128, 4 miniblocks, 8 values, first 7
            0x03, 0x02, 0x00, 0x00, 0x00, // min delta -2, widths 2,0,0,0
            0xC0, 0x3F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // relative deltas 0,0,0,3,3,3,3 (padded to 32)
        }));

    [Test]
    public void Extreme_64_bit_values_round_trip_through_wrapping_deltas()
    {
        long[] values = [long.MinValue, long.MaxValue, 0, -1, long.MinValue, 5, long.MaxValue];
        var decoded = new long[values.Length];
        var bytes = Encode(values);
        Assert.That(DeltaBinaryPackedDecoder.Decode(bytes, decoded, false, 0), Is.EqualTo(bytes.Length));
        Assert.That(decoded, Is.EqualTo(values));
    }

    [Test]
    public void Int32_values_use_32_bit_wrapping_so_widths_never_exceed_32()
    {
        long[] values = [int.MinValue, int.MaxValue, int.MinValue, 0];
        var bytes = Encode(values, is32: true);
        // 9 header bytes, a 5-byte min delta (int.MinValue), 4 widths, one 32-bit miniblock of 32 values.
        Assert.That(bytes[14], Is.EqualTo(32));
        Assert.That(bytes, Has.Length.EqualTo(9 + 5 + 4 + 128));
        var decoded = new long[values.Length];
        DeltaBinaryPackedDecoder.Decode(bytes, decoded, true, 0);
        Assert.That(decoded, Is.EqualTo(values));
    }

    [Test]
    public void Random_sequences_round_trip([Range(0, 20)] int seed)
    {
        var rng = new Random(seed);
        var values = new long[rng.Next(0, 2000)];
        long acc = rng.NextInt64();
        for (var i = 0; i < values.Length; i++)
        {
            acc += rng.Next(4) == 0 ? rng.NextInt64() : rng.Next(-100, 10_000);
            values[i] = acc;
        }

        var bytes = Encode(values);
        var decoded = new long[values.Length];
        Assert.That(DeltaBinaryPackedDecoder.Decode(bytes, decoded, false, 0), Is.EqualTo(bytes.Length), $"seed {seed}");
        Assert.That(decoded, Is.EqualTo(values), $"seed {seed}");
    }

    [Test]
    public void A_header_with_an_invalid_block_size_is_rejected()
        => Assert.Throws<ParquetFormatException>(() => DeltaBinaryPackedDecoder.Decode([0x07, 0x04, 0x01, 0x00], new long[1], false, 0));
}
