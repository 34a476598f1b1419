namespace HmsTrace.Traces.Tests.Native;

public sealed class RoundTripTests
{
    private static readonly string[] Initiators = ["cpu0", "gpu0", "gpu,1", "dev \"quoted\"", "npu-ü", " spaced "];

    /// <summary>Seeded random records over every operation, with the extreme values of every field mixed in.</summary>
    private static TraceRecord[] RandomRecords(int seed, int count)
    {
        var random = new Random(seed);
        var records = new TraceRecord[count];
        for (var i = 0; i < count; i++)
        {
            var op = (TraceOperation)random.Next(0, (int)TraceOperation.RegionAccess + 1);
            var extreme = random.Next(8) == 0;
            var size = extreme ? (ulong)random.NextInt64() << 1 : (ulong)random.Next(1, 1 << 20);
            if (op <= TraceOperation.Write && size == 0)
            {
                size = 1;
            }

            var address = extreme ? ulong.MaxValue - size : (ulong)random.NextInt64(0, 1L << 48);
            records[i] = new TraceRecord(
                extreme ? (random.Next(2) == 0 ? long.MaxValue : long.MinValue) : random.NextInt64(),
                address,
                size,
                extreme ? ulong.MaxValue : (ulong)random.NextInt64(),
                extreme ? uint.MaxValue : (uint)random.Next(),
                (ushort)random.Next(Initiators.Length),
                op);
        }

        return records;
    }

    /// <summary>Records with the initiator index replaced by its name: CSV names initiators in the rows, in order of appearance.</summary>
    private static List<(TraceRecord Record, string Initiator)> Named(IReadOnlyList<TraceRecord> records, IReadOnlyList<string> initiators)
        => records.Select(r => (r with { Initiator = 0 }, initiators[r.Initiator])).ToList();

    [TestCase("t.hmst", "t.csv")]
    [TestCase("t.hmst.gz", "t.csv.gz")]
    [TestCase("t.csv", "t.hmst")]
    [TestCase("t.csv.gz", "t.hmst.gz")]
    public void Converting_between_csv_and_binary_loses_nothing(string first, string second)
    {
        using var dir = new TempDirectory();
        var records = RandomRecords(1234, 5000);
        Traces.Write(dir.File(first), Initiators, records);

        using (var reader = TraceFile.OpenRead(dir.File(first)))
        using (var writer = TraceFile.Create(dir.File(second), reader.Header.Initiators))
        {
            HmsTrace.Traces.Generators.TraceGenerator.WriteTo(reader, writer);
            writer.Complete();
        }

        using var back = TraceFile.OpenRead(dir.File(second));
        var read = Traces.ReadAll(back);
        Assert.That(Named(read, back.Header.Initiators), Is.EqualTo(Named(records, Initiators)));
    }

    [Test]
    public void Random_traces_round_trip_through_every_native_format()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        using var dir = new TempDirectory();
        foreach (var name in new[] { "p.hmst", "p.hmst.gz", "p.csv", "p.csv.gz" })
        {
            for (var trial = 0; trial < 5; trial++)
            {
                var records = RandomRecords(random.Next(), random.Next(0, 3000));
                Traces.Write(dir.File(name), Initiators, records);

                using var reader = TraceFile.OpenRead(dir.File(name));
                var read = Traces.ReadAll(reader, random.Next(1, 500));
                Assert.That(Named(read, reader.Header.Initiators), Is.EqualTo(Named(records, Initiators)), $"seed {seed}, file {name}, trial {trial}");
            }
        }
    }

    [Test]
    public void A_binary_trace_keeps_its_initiator_table_even_for_unused_initiators()
    {
        using var dir = new TempDirectory();
        Traces.Write(dir.File("t.hmst"), Initiators, [new TraceRecord(0, 4096, 8, 0, 1, 3, TraceOperation.Read)]);

        using var reader = TraceFile.OpenRead(dir.File("t.hmst"));

        Assert.That(reader.Header.Initiators, Is.EqualTo(Initiators));
    }
}
