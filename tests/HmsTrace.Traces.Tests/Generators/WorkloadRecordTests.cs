using HmsTrace.Traces.Generators;

namespace HmsTrace.Traces.Tests.Generators;

public sealed class WorkloadRecordTests
{
    private static List<TraceRecord> Generate(WorkloadOptions options, out TraceHeader header)
    {
        using var trace = TraceGenerator.Open(options);
        header = trace.Header;
        return Traces.ReadAll(trace);
    }

    private static int Count(List<TraceRecord> records, TraceOperation op) => records.Count(r => r.Operation == op);

    [Test]
    public void Pingpong_alternates_cpu_and_gpu_phases_behind_markers()
    {
        var records = Generate(new PingPongOptions { BufferBytes = 64 << 10, Phases = 4, AccessesPerPhase = 100, AccessSizeBytes = 4096 }, out var header);

        Assert.That(header.Initiators, Is.EqualTo(new[] { "cpu0", "gpu0" }));
        Assert.That(records, Has.Count.EqualTo(1 + (4 * 101) + 1));
        Assert.That(records[0], Is.EqualTo(new TraceRecord(0, 0x7f00_0000_0000, 64 << 10, 0, 1, 0, TraceOperation.Mmap)));
        Assert.That(records.Where(r => r.Operation == TraceOperation.Marker).Select(r => (r.Argument, r.Initiator)), Is.EqualTo(new[] { (0UL, 0), (1UL, 1), (2UL, 0), (3UL, 1) }));
        for (var phase = 0; phase < 4; phase++)
        {
            var accesses = records.Skip(2 + (phase * 101)).Take(100).ToList();
            Assert.That(accesses.All(r => r.IsAccess && r.Initiator == phase % 2), Is.True, $"phase {phase}");

            // A sequential sweep from the buffer start, wrapping after 16 pages.
            Assert.That(accesses.Select(r => r.Address), Is.EqualTo(Enumerable.Range(0, 100).Select(i => 0x7f00_0000_0000UL + ((ulong)(i % 16) * 4096))));
        }

        Assert.That(records[^1].Operation, Is.EqualTo(TraceOperation.Munmap));
    }

    [TestCase(0.0)]
    [TestCase(0.25)]
    [TestCase(1.0)]
    public void Pingpong_reads_make_up_the_read_fraction(double readFraction)
    {
        var records = Generate(new PingPongOptions { Phases = 2, AccessesPerPhase = 50_000, ReadFraction = readFraction, PhaseMarkers = false }, out _);

        var reads = Count(records, TraceOperation.Read);
        Assert.That(reads + Count(records, TraceOperation.Write), Is.EqualTo(100_000));
        Assert.That(reads / 100_000.0, Is.EqualTo(readFraction).Within(0.01));
    }

    [Test]
    public void Stream_makes_ten_accesses_per_element_with_all_kernels()
    {
        var records = Generate(new StreamOptions { ArrayBytes = 4096, ElementSizeBytes = 8, Iterations = 3 }, out var header);

        Assert.That(header.Initiators, Is.EqualTo(new[] { "cpu0" }));
        Assert.That(Count(records, TraceOperation.Mmap), Is.EqualTo(3));
        Assert.That(Count(records, TraceOperation.Read), Is.EqualTo(3 * 512 * 6));
        Assert.That(Count(records, TraceOperation.Write), Is.EqualTo(3 * 512 * 4));
        Assert.That(Count(records, TraceOperation.Munmap), Is.EqualTo(3));
        Assert.That(records, Has.Count.EqualTo(3 + (3 * 512 * 10) + 3));
    }

    [Test]
    public void Stream_triad_reads_b_and_c_then_writes_a_element_by_element()
    {
        var records = Generate(new StreamOptions { ArrayBytes = 8192, ElementSizeBytes = 4096, Iterations = 1, Kernels = StreamKernels.Triad }, out _);
        var a = records[0].Address;
        var b = records[1].Address;
        var c = records[2].Address;

        Assert.That(records.Skip(3).Take(6).Select(r => (r.Operation, r.Address)), Is.EqualTo(new[]
        {
            (TraceOperation.Read, b), (TraceOperation.Read, c), (TraceOperation.Write, a),
            (TraceOperation.Read, b + 4096), (TraceOperation.Read, c + 4096), (TraceOperation.Write, a + 4096),
        }));
        Assert.That(b - a, Is.EqualTo(2UL << 20), "arrays start on 2 MiB boundaries with a gap");
    }

    [Test]
    public void Stream_copy_then_scale_run_in_stream_order()
    {
        var records = Generate(new StreamOptions { ArrayBytes = 16, ElementSizeBytes = 8, Iterations = 2, Kernels = StreamKernels.Copy | StreamKernels.Scale }, out _);
        var a = records[0].Address;
        var b = records[1].Address;
        var c = records[2].Address;
        var once = new[]
        {
            (TraceOperation.Read, a), (TraceOperation.Write, c), (TraceOperation.Read, a + 8), (TraceOperation.Write, c + 8),
            (TraceOperation.Read, c), (TraceOperation.Write, b), (TraceOperation.Read, c + 8), (TraceOperation.Write, b + 8),
        };

        Assert.That(records.Skip(3).Take(16).Select(r => (r.Operation, r.Address)), Is.EqualTo(once.Concat(once)));
    }

    [Test]
    public void Zipf_makes_one_mmap_the_accesses_and_one_munmap()
    {
        var records = Generate(new ZipfOptions { FootprintPages = 10, Accesses = 1000, Initiator = "gpu3" }, out var header);

        Assert.That(header.Initiators, Is.EqualTo(new[] { "gpu3" }));
        Assert.That(records, Has.Count.EqualTo(1002));
        Assert.That(records[0], Is.EqualTo(new TraceRecord(0, 0x7f00_0000_0000, 10 * 4096, 0, 1, 0, TraceOperation.Mmap)));
        Assert.That(records.Skip(1).Take(1000).All(r => r.IsAccess && r.Size == 64 && r.Address % 64 == 0), Is.True);
        Assert.That(records[^1], Is.EqualTo(new TraceRecord(10_000, 0x7f00_0000_0000, 10 * 4096, 0, 1, 0, TraceOperation.Munmap)));
    }

    [Test]
    public void Zipf_page_frequencies_follow_the_exponent()
    {
        const int pages = 50;
        const int accesses = 400_000;
        const double exponent = 1.1;
        var records = Generate(new ZipfOptions { FootprintPages = pages, Accesses = accesses, Exponent = exponent, ShufflePages = false, Seed = 7 }, out _);
        var counts = new int[pages];
        foreach (var r in records.Where(r => r.IsAccess))
        {
            counts[(r.Address - 0x7f00_0000_0000) / 4096]++;
        }

        var norm = Enumerable.Range(1, pages).Sum(k => Math.Pow(k, -exponent));
        var chiSquare = 0.0;
        for (var k = 1; k <= pages; k++)
        {
            var expected = accesses * Math.Pow(k, -exponent) / norm;
            chiSquare += Math.Pow(counts[k - 1] - expected, 2) / expected;
        }

        // 49 degrees of freedom: the 99.99th percentile is about 97; a wrong law gives thousands.
        Assert.That(chiSquare, Is.LessThan(100), $"chi-square {chiSquare:F1}; counts {string.Join(',', counts.Take(10))}...");
        Assert.That(counts[0] / (double)counts[1], Is.EqualTo(Math.Pow(2, exponent)).Within(0.05));
    }

    [Test]
    public void Zipf_with_exponent_zero_is_uniform()
    {
        var records = Generate(new ZipfOptions { FootprintPages = 8, Accesses = 80_000, Exponent = 0, ShufflePages = false }, out _);
        var counts = records.Where(r => r.IsAccess).GroupBy(r => (r.Address - 0x7f00_0000_0000) / 4096).Select(g => g.Count()).ToList();

        Assert.That(counts, Has.Count.EqualTo(8));
        Assert.That(counts, Has.All.InRange(9_500, 10_500));
    }

    [Test]
    public void Zipf_shuffle_moves_the_hottest_page_away_from_the_start()
    {
        var plain = Generate(new ZipfOptions { FootprintPages = 1000, Accesses = 20_000, ShufflePages = false }, out _);
        var shuffled = Generate(new ZipfOptions { FootprintPages = 1000, Accesses = 20_000, ShufflePages = true }, out _);
        static ulong Hottest(List<TraceRecord> records) => records.Where(r => r.IsAccess).GroupBy(r => r.Address / 4096).OrderByDescending(g => g.Count()).First().Key;

        Assert.That(Hottest(plain), Is.EqualTo(0x7f00_0000_0000UL / 4096));
        Assert.That(Hottest(shuffled), Is.Not.EqualTo(0x7f00_0000_0000UL / 4096));
    }

    [Test]
    public void Phase_shift_moves_the_hot_set_every_n_accesses()
    {
        var records = Generate(new PhaseShiftOptions { FootprintPages = 100, HotPages = 10, ShiftPages = 10, HotFraction = 1, ShiftEveryAccesses = 1000, Accesses = 3500 }, out _);

        Assert.That(records, Has.Count.EqualTo(1 + 3500 + 3 + 1));
        Assert.That(records.Where(r => r.Operation == TraceOperation.Marker).Select(r => (r.Argument, r.TimeNs)), Is.EqualTo(new[] { (1UL, 10_000L), (2UL, 20_000L), (3UL, 30_000L) }));
        var window = 0;
        foreach (var r in records)
        {
            if (r.Operation == TraceOperation.Marker)
            {
                window = (int)r.Argument;
            }
            else if (r.IsAccess)
            {
                var page = (int)((r.Address - 0x7f00_0000_0000) / 4096);
                Assert.That(page, Is.InRange(window * 10, (window * 10) + 9));
            }
        }
    }

    [Test]
    public void Phase_shift_sends_the_hot_fraction_to_the_hot_set()
    {
        var records = Generate(new PhaseShiftOptions { FootprintPages = 1000, HotPages = 100, HotFraction = 0.5, ShiftEveryAccesses = 1_000_000, Accesses = 100_000 }, out _);
        var hot = records.Count(r => r.IsAccess && (r.Address - 0x7f00_0000_0000) / 4096 < 100);

        // Half go to the hot set on purpose, and a tenth of the other half land there by chance.
        Assert.That(hot / 100_000.0, Is.EqualTo(0.55).Within(0.01));
    }

    [Test]
    public void Multi_tenant_runs_tenants_round_robin_in_their_own_buffers()
    {
        var records = Generate(new MultiTenantOptions { Tenants = 3, WorkingSetBytes = [8192, 4096], Accesses = 1000, SliceAccesses = 100, GpuFraction = 0.5 }, out var header);

        Assert.That(header.Initiators, Is.EqualTo(new[] { "cpu0", "gpu0" }));
        Assert.That(records.Take(3).Select(r => (r.Operation, r.ProcessId, r.Size)), Is.EqualTo(new[] { (TraceOperation.Mmap, 1u, 8192UL), (TraceOperation.Mmap, 2u, 4096UL), (TraceOperation.Mmap, 3u, 8192UL) }));
        var accesses = records.Skip(3).Take(1000).ToList();
        Assert.That(accesses.All(r => r.IsAccess), Is.True);
        Assert.That(accesses.Select(r => r.ProcessId), Is.EqualTo(Enumerable.Range(0, 1000).Select(i => (uint)(((i / 100) % 3) + 1))));
        Assert.That(accesses.Count(r => r.Initiator == 1) / 1000.0, Is.EqualTo(0.5).Within(0.06));
        Assert.That(records.Skip(1003).Select(r => (r.Operation, r.ProcessId)), Is.EqualTo(new[] { (TraceOperation.Munmap, 1u), (TraceOperation.Munmap, 2u), (TraceOperation.Munmap, 3u) }));
    }
}
