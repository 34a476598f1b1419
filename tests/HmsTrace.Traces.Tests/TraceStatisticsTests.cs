using HmsTrace.Traces.Generators;
using HmsTrace.Traces.Statistics;

namespace HmsTrace.Traces.Tests;

public sealed class TraceStatisticsTests
{
    private static TraceStatistics Compute(IReadOnlyList<string> initiators, TraceStatisticsOptions? options, params TraceRecord[] records)
    {
        using var reader = new ListReader(new TraceHeader("test", "list", initiators, records.Length), records);
        return TraceStatistics.Compute(reader, options);
    }

    private static TraceRecord Read(long t, uint pid, ulong address, ulong size, ushort initiator = 0) => new(t, address, size, 0, pid, initiator, TraceOperation.Read);

    private static TraceRecord Write(long t, uint pid, ulong address, ulong size, ushort initiator = 0) => new(t, address, size, 0, pid, initiator, TraceOperation.Write);

    [Test]
    public void An_empty_trace_has_no_time_span_and_no_footprint()
    {
        var s = Compute(["cpu0"], null);

        Assert.That(s.RecordCount, Is.Zero);
        Assert.That(s.FirstTimeNs, Is.Null);
        Assert.That(s.LastTimeNs, Is.Null);
        Assert.That(s.DurationNs, Is.Zero);
        Assert.That(s.Initiators, Is.EqualTo(new[] { new InitiatorCount(0, "cpu0", 0) }));
        Assert.That(s.Operations, Is.Empty);
        Assert.That(s.Processes, Is.Empty);
        Assert.That(s.TouchedPages, Is.Zero);
        Assert.That(s.LargestRanges, Is.Empty);
    }

    [Test]
    public void A_small_trace_is_summarised_as_computed_by_hand()
    {
        var s = Compute(
            ["cpu0", "gpu0", "npu0"],
            null,
            new TraceRecord(100, 0x10000, 0x4000, 0, 1, 0, TraceOperation.Mmap),
            Read(110, 1, 0x10000, 8),            // page 0x10
            Write(120, 1, 0x10ff8, 16, 1),       // pages 0x10 and 0x11 (crosses)
            Read(130, 1, 0x13000, 4096, 1),      // page 0x13
            Read(125, 2, 0x10000, 64),           // pid 2 page 0x10; earlier than the record before it
            new TraceRecord(140, 0, 0, 7, 1, 0, TraceOperation.Marker),
            new TraceRecord(150, 0x20000, 0x3000, 4, 2, 1, TraceOperation.RegionAccess)); // pid 2 pages 0x20..0x22

        Assert.That(s.RecordCount, Is.EqualTo(7));
        Assert.That((s.FirstTimeNs, s.LastTimeNs, s.DurationNs), Is.EqualTo(((long?)100, (long?)150, 50L)));
        Assert.That(s.OutOfOrderRecords, Is.EqualTo(1));
        Assert.That(s.Initiators, Is.EqualTo(new[] { new InitiatorCount(0, "cpu0", 4), new InitiatorCount(1, "gpu0", 3), new InitiatorCount(2, "npu0", 0) }));
        Assert.That(s.Operations, Is.EqualTo(new[]
        {
            new OperationCount(TraceOperation.Read, 3, 8 + 4096 + 64),
            new OperationCount(TraceOperation.Write, 1, 16),
            new OperationCount(TraceOperation.Mmap, 1, 0x4000),
            new OperationCount(TraceOperation.Marker, 1, 0),
            new OperationCount(TraceOperation.RegionAccess, 1, 0x3000),
        }));
        Assert.That(s.Processes, Is.EqualTo(new[]
        {
            new ProcessStatistics(1, 5, 3, 3, 3 * 4096, 2),
            new ProcessStatistics(2, 2, 1, 4, 4 * 4096, 2),
        }));
        Assert.That((s.TouchedPages, s.TouchedBytes, s.RangeCount), Is.EqualTo((7L, 7L * 4096, 4L)));
        Assert.That(s.LargestRanges, Is.EqualTo(new[]
        {
            new TouchedRange(2, 0x20000, 0x23000, 3, 0x3000),
            new TouchedRange(1, 0x10000, 0x12000, 2, 0x2000),
            new TouchedRange(1, 0x13000, 0x14000, 1, 0x1000),
            new TouchedRange(2, 0x10000, 0x11000, 1, 0x1000),
        }));
    }

    [Test]
    public void Only_the_largest_ranges_are_kept_largest_first()
    {
        // Runs of 1, 2, 3, 4 and 5 pages separated by one-page gaps.
        var records = new List<TraceRecord>();
        ulong page = 0;
        for (ulong length = 1; length <= 5; length++)
        {
            records.Add(Read(0, 1, page * 4096, length * 4096));
            page += length + 1;
        }

        var s = Compute(["cpu0"], new TraceStatisticsOptions { TopRanges = 2 }, [.. records]);

        Assert.That(s.RangeCount, Is.EqualTo(5));
        Assert.That(s.LargestRanges.Select(r => r.Pages), Is.EqualTo(new[] { 5UL, 4UL }));
        Assert.That(s.LargestRanges[0].StartAddress, Is.EqualTo(14UL * 4096));
    }

    [Test]
    public void Ranges_merge_across_64_page_groups_and_repeated_touches_count_once()
    {
        var s = Compute(
            ["cpu0"],
            null,
            Read(0, 1, 60 * 4096, 10 * 4096),   // pages 60..69
            Read(1, 1, 70 * 4096, 1),           // page 70
            Read(2, 1, 64 * 4096, 200 * 4096),  // pages 64..263
            Read(3, 1, 65 * 4096, 8));          // page 65 again

        Assert.That(s.TouchedPages, Is.EqualTo(204));
        Assert.That(s.LargestRanges, Is.EqualTo(new[] { new TouchedRange(1, 60 * 4096, 264 * 4096, 204, 204 * 4096) }));
    }

    [Test]
    public void The_page_size_is_a_parameter()
    {
        var s = Compute(["cpu0"], new TraceStatisticsOptions { PageSizeBytes = 2 << 20 }, Read(0, 1, 0x1000, 8), Read(1, 1, 0x1ff000, 8), Read(2, 1, 0x200000, 8));

        Assert.That((s.TouchedPages, s.TouchedBytes, s.PageSizeBytes), Is.EqualTo((2L, 4L << 20, 2L << 20)));
    }

    [Test]
    public void A_range_at_the_top_of_the_address_space_is_counted()
    {
        var s = Compute(["cpu0"], null, Read(0, 1, ulong.MaxValue - 4095, 4096));

        Assert.That(s.LargestRanges, Is.EqualTo(new[] { new TouchedRange(1, ulong.MaxValue - 4095, 0, 1, 4096) }));
    }

    [Test]
    public void Initiators_read_from_the_header_after_reading_include_those_a_csv_reader_found()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("t.csv"), "t_ns,pid,initiator,op,address,size,arg\n0,1,gpu7,read,0x1000,8,0\n1,1,cpu0,write,0x1000,8,0\n2,1,gpu7,read,0x1000,8,0\n");
        using var reader = TraceFile.OpenRead(dir.File("t.csv"));

        var s = TraceStatistics.Compute(reader);

        Assert.That(s.Initiators, Is.EqualTo(new[] { new InitiatorCount(0, "gpu7", 2), new InitiatorCount(1, "cpu0", 1) }));
        Assert.That(s.Format, Is.EqualTo("csv"));
    }

    [Test]
    public void Statistics_of_a_generated_workload_match_its_documented_counts()
    {
        using var trace = TraceGenerator.Open(new StreamOptions { ArrayBytes = 1 << 20, Iterations = 2 });

        var s = TraceStatistics.Compute(trace);

        Assert.That(s.RecordCount, Is.EqualTo(3 + (2 * 131_072 * 10) + 3));
        Assert.That(s.TouchedPages, Is.EqualTo(3 * 256));
        Assert.That(s.RangeCount, Is.EqualTo(3));
        Assert.That(s.Operations.Single(o => o.Operation == TraceOperation.Read).Records, Is.EqualTo(2 * 131_072 * 6));
    }

    [TestCase(0)]
    [TestCase(3000)]
    public void Statistics_do_not_depend_on_batch_boundaries(int split)
    {
        using var trace = TraceGenerator.Open(new ZipfOptions { FootprintPages = 500, Accesses = 6000 });
        var records = Traces.ReadAll(trace);
        var collector = new TraceStatisticsCollector();
        collector.Add(records.ToArray().AsSpan(0, split));
        collector.Add(records.ToArray().AsSpan(split));

        var whole = Compute(trace.Header.Initiators, null, [.. records]);
        var parts = collector.ToStatistics(new TraceHeader("test", "list", trace.Header.Initiators, records.Count));

        Assert.That(parts.TouchedPages, Is.EqualTo(whole.TouchedPages));
        Assert.That(parts.LargestRanges, Is.EqualTo(whole.LargestRanges));
        Assert.That(parts.Operations, Is.EqualTo(whole.Operations));
        Assert.That(parts.Processes, Is.EqualTo(whole.Processes));
    }

    [Test]
    public void A_page_size_that_is_not_a_power_of_two_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new TraceStatisticsCollector(new TraceStatisticsOptions { PageSizeBytes = 3000 }));
    }

    private sealed class ListReader(TraceHeader header, TraceRecord[] records) : ITraceReader
    {
        private int _position;

        public TraceHeader Header { get; } = header;

        public int Read(Span<TraceRecord> destination)
        {
            var n = Math.Min(destination.Length, records.Length - _position);
            records.AsSpan(_position, n).CopyTo(destination);
            _position += n;
            return n;
        }

        public void Dispose()
        {
        }
    }
}
