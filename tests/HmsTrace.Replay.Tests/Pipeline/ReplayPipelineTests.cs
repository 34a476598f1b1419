using HmsTrace.Engine.Policies;
using HmsTrace.Replay.Pipeline;
using HmsTrace.Replay.Results;
using HmsTrace.Topology;
using HmsTrace.Traces;
using HmsTrace.Traces.Generators;

namespace HmsTrace.Replay.Tests.Pipeline;

public sealed class ReplayPipelineTests
{
    private const string TwoTier = """
        { "name": "t", "targets": [
            { "id": "v1-0-target", "name": "fast", "kind": "dram", "capacity": "64MiB" },
            { "id": "v1-1-target", "name": "slow", "kind": "cxl", "capacity": "64GiB" } ],
          "initiators": [ { "id": "v1-0-initiator", "name": "cpu0", "kind": "cpu" } ],
          "links": [
            { "id": "v1-0-link", "from": "cpu0", "to": "fast", "latencyNs": 80, "bandwidth": "100GB/s" },
            { "id": "v1-1-link", "from": "cpu0", "to": "slow", "latencyNs": 250, "bandwidth": "30GB/s" } ] }
        """;

    [Test]
    public async Task A_trace_much_larger_than_the_channels_streams_with_bounded_read_ahead()
    {
        // 2,000,000 records in batches of 4,096 through channels of 2: the decoder may run ahead of
        // the engine by at most the batches in the channel, the one being filled and the one being
        // replayed, however long the trace is.
        const int batch = 4096;
        const int capacity = 2;
        using var dir = new TempDirectory();
        var trace = dir.File("zipf.hmst");
        TraceGenerator.Generate(Workloads.Find("zipf")!.Parse([new("accesses", "2000000"), new("footprint-pages", "50000")]), trace);
        CountingReader? counting = null;
        var job = Job(trace) with
        {
            BatchRecords = batch,
            ChannelCapacity = capacity,
            OpenTrace = () => counting = new CountingReader(TraceFile.OpenRead(trace)),
        };
        var maxAhead = 0L;
        var progress = new SynchronousProgress(p => maxAhead = Math.Max(maxAhead, counting!.RecordsRead - p.Records));

        var result = await ReplayPipeline.RunAsync(job, new ParquetResultSink(dir.File("out")), progress);

        Assert.That(result.Totals.Records, Is.EqualTo(2_000_002));
        Assert.That(counting!.RecordsRead, Is.EqualTo(2_000_002));
        Assert.That(maxAhead, Is.LessThanOrEqualTo((capacity + 2) * batch), "the decoder buffered more than the channel allows");
    }

    [Test]
    public async Task Optimal_reports_its_read_ahead_of_the_whole_trace_before_the_replay()
    {
        using var dir = new TempDirectory();
        var trace = dir.File("zipf.hmst");
        TraceGenerator.Generate(Workloads.Find("zipf")!.Parse([new("accesses", "200000"), new("footprint-pages", "5000")]), trace);
        var reports = new List<ReplayProgress>();
        var progress = new SynchronousProgress(p =>
        {
            lock (reports)
            {
                reports.Add(p);
            }
        });

        await ReplayPipeline.RunAsync(Job(trace) with { Policy = PolicySource.BuiltIn("optimal")! }, new ParquetResultSink(dir.File("out")), progress);

        var ahead = reports.TakeWhile(r => r.ReadingAhead).ToList();
        Assert.That(ahead.Select(r => r.Records), Is.EqualTo(new long[] { 65_536, 131_072, 196_608, 200_002 }));
        Assert.That(ahead.Select(r => r.TotalRecords), Has.All.EqualTo(200_002L));
        Assert.That(reports.Skip(ahead.Count), Has.None.Matches<ReplayProgress>(r => r.ReadingAhead));
        Assert.That(reports[^1].Records, Is.EqualTo(200_002));
    }

    [Test]
    public async Task Small_result_batches_reused_many_times_give_the_same_rows()
    {
        // Batches of 97 rows cycle through the writer and back to the recorder thousands of times;
        // the rows must be those of one batch per 131,072 rows.
        using var dir = new TempDirectory();
        var trace = dir.File("zipf.hmst");
        TraceGenerator.Generate(Workloads.Find("zipf")!.Parse([new("accesses", "300000"), new("footprint-pages", "100000")]), trace);
        var lru = new PolicySource("lru", RunIdentity.TextSha256("lru"), () => new LruPolicy());
        var big = await ReplayPipeline.RunAsync(Job(trace) with { Policy = lru }, new ParquetResultSink(dir.File("big")));
        var small = await ReplayPipeline.RunAsync(Job(trace) with { Policy = lru, ResultBatchRows = 97, ChannelCapacity = 2 }, new ParquetResultSink(dir.File("small")));

        Assert.That(small.Totals, Is.EqualTo(big.Totals));
        Assert.That(big.Totals.MigrationsMoved, Is.GreaterThan(10_000), "the replay writes many batches of migrations");
        foreach (var table in new[] { "epochs", "migrations", "ranges" })
        {
            var expected = Rows(Single(dir.File("big"), table));
            var actual = Rows(Single(dir.File("small"), table));
            Assert.That(actual, Has.Count.EqualTo(expected.Count), table);
            Assert.That(actual, Is.EqualTo(expected), table);
        }
    }

    [Test]
    public void A_failing_replay_leaves_no_result_files()
    {
        using var dir = new TempDirectory();
        var trace = dir.File("bad.csv");
        File.WriteAllText(trace, "t_ns,pid,initiator,op,address,size,arg\n0,1,cpu0,read,0x1000,8,0\n1,1,cpu0,read,0x1000,oops,0\n");
        var outDir = dir.File("out");

        var e = Assert.ThrowsAsync<InputException>(() => ReplayPipeline.RunAsync(Job(trace), new ParquetResultSink(outDir)));

        Assert.That(e!.Message, Does.Contain("bad.csv:3"));
        var left = Directory.Exists(outDir) ? Directory.GetFiles(outDir, "*", SearchOption.AllDirectories) : [];
        Assert.That(left, Is.Empty);
    }

    private static ReplayJob Job(string trace)
    {
        var topology = TopologyLoader.Parse(System.Text.Encoding.UTF8.GetBytes(TwoTier), "two-tier.json");
        return new ReplayJob
        {
            TracePath = trace,
            Topology = topology,
            TopologySha256 = RunIdentity.TextSha256(TwoTier),
            Policy = new PolicySource("first-touch", RunIdentity.TextSha256("first-touch"), () => new FirstTouchPolicy()),
        };
    }

    private static string Single(string root, string table)
        => Directory.GetFiles(Path.Combine(root, table), "*.parquet", SearchOption.AllDirectories).Single();

    /// <summary>Every row of a result file, as text, across its row groups.</summary>
    private static List<string> Rows(string file)
    {
        using var reader = Parquet.ParquetReader.Open(File.OpenRead(file));
        var rows = new List<string>();
        for (var g = 0; g < reader.RowGroups.Count; g++)
        {
            var columns = new List<string[]>();
            for (var c = 0; c < reader.Schema.Count; c++)
            {
                columns.Add(reader.Schema[c].PhysicalType switch
                {
                    Parquet.ParquetPhysicalType.Int64 => Text(reader.ReadInt64(g, c)),
                    Parquet.ParquetPhysicalType.Int32 => Text(reader.ReadInt32(g, c)),
                    Parquet.ParquetPhysicalType.Double => Text(reader.ReadDouble(g, c)),
                    Parquet.ParquetPhysicalType.Boolean => Text(reader.ReadBoolean(g, c)),
                    _ => Text(reader.ReadString(g, c)),
                });
            }

            for (var r = 0; r < columns[0].Length; r++)
            {
                rows.Add(string.Join('|', columns.Select(column => column[r])));
            }
        }

        return rows;
    }

    private static string[] Text<T>(Parquet.ParquetColumnValues<T> values)
        => [.. values.Values.Select((v, i) => values.Defined is { } d && !d[i] ? "null" : Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "null")];

    private sealed class SynchronousProgress(Action<ReplayProgress> report) : IProgress<ReplayProgress>
    {
        public void Report(ReplayProgress value) => report(value);
    }
}
