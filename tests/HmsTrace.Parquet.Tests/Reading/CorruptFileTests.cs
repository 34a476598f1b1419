namespace HmsTrace.Parquet.Tests.Reading;

public sealed class CorruptFileTests
{
    private static readonly byte[] Valid = TestTable.Random(TestTable.AllTypesSchema(), 400, 7, extremes: false)
        .ToParquet(new ParquetWriterOptions { DataPageSizeBytes = 1024 }, 150);

    private static readonly byte[] ValidGzip = TestTable.Random(TestTable.AllTypesSchema(), 200, 8, extremes: false)
        .ToParquet(new ParquetWriterOptions { Compression = ParquetCompression.Gzip, DataPageSizeBytes = 1024 }, 150);

    private static void ReadEverything(byte[] file)
    {
        using var r = ParquetReader.Open(new MemoryStream(file));
        TestTable.ReadRendered(r);
    }

    private static void ExpectCleanFailureOrSuccess(byte[] file, string what)
    {
        try
        {
            ReadEverything(file);
        }
        catch (ParquetFormatException e)
        {
            Assert.That(e.Message, Does.Contain("byte offset").Or.Contain("Parquet file"), what);
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: {e.GetType().Name} instead of ParquetFormatException: {e}");
        }
    }

    [Test]
    public void Byte_flips_fail_cleanly_or_read([Range(0, 399)] int seed)
    {
        var rng = new Random(seed);
        var source = seed % 4 == 0 ? ValidGzip : Valid;
        var file = (byte[])source.Clone();
        var flips = rng.Next(1, 4);
        var where = new List<int>();
        for (var i = 0; i < flips; i++)
        {
            // Half of the flips land in the footer, where one bit changes structure most.
            var at = rng.Next(2) == 0 ? rng.Next(file.Length) : file.Length - 1 - rng.Next(Math.Min(file.Length, 600));
            file[at] ^= (byte)(1 << rng.Next(8));
            where.Add(at);
        }

        ExpectCleanFailureOrSuccess(file, $"seed {seed}, flipped bytes {string.Join(",", where)}");
    }

    [Test]
    public void Truncations_fail_with_the_offset([Range(0, 99)] int seed)
    {
        var rng = new Random(seed);
        var length = rng.Next(Valid.Length);
        var ex = Assert.Throws<ParquetFormatException>(() => ReadEverything(Valid.AsSpan(0, length).ToArray()), $"seed {seed}, length {length}");
        Assert.That(ex!.ByteOffset, Is.GreaterThanOrEqualTo(0));
    }

    [Test]
    public void A_short_file_names_its_length()
    {
        var ex = Assert.Throws<ParquetFormatException>(() => ParquetReader.Open(new MemoryStream("PAR1"u8.ToArray())));
        Assert.That(ex!.Message, Does.Contain("4 bytes"));
    }

    [Test]
    public void A_missing_trailing_magic_says_so()
    {
        var file = (byte[])Valid.Clone();
        file[^1] = (byte)'X';
        var ex = Assert.Throws<ParquetFormatException>(() => ParquetReader.Open(new MemoryStream(file)));
        Assert.That(ex!.Message, Does.Contain("does not end with the Parquet magic"));
        Assert.That(ex.ByteOffset, Is.EqualTo(file.Length - 4));
    }
}
