using HmsTrace.Traces.Generators;

namespace HmsTrace.Traces.Tests.Generators;

public sealed class GeneratorDeterminismTests
{
    private static IEnumerable<TestCaseData> SmallWorkloads()
    {
        yield return new TestCaseData(new PingPongOptions { BufferBytes = 1 << 20, AccessesPerPhase = 5_000 }).SetArgDisplayNames("pingpong");
        yield return new TestCaseData(new ZipfOptions { FootprintPages = 1000, Accesses = 20_000 }).SetArgDisplayNames("zipf");
        yield return new TestCaseData(new PhaseShiftOptions { FootprintPages = 1000, HotPages = 50, ShiftPages = 50, ShiftEveryAccesses = 3000, Accesses = 20_000 }).SetArgDisplayNames("phase-shift");
        yield return new TestCaseData(new MultiTenantOptions { WorkingSetBytes = [1 << 20, 256 << 10], Tenants = 3, Accesses = 20_000, SliceAccesses = 700, Exponent = 0.8 }).SetArgDisplayNames("multi-tenant");
    }

    private static IEnumerable<TestCaseData> AllSmallWorkloads()
    {
        foreach (var data in SmallWorkloads())
        {
            yield return data;
        }

        yield return new TestCaseData(new StreamOptions { ArrayBytes = 64 << 10, Iterations = 2 }).SetArgDisplayNames("stream");
    }

    [TestCaseSource(nameof(AllSmallWorkloads))]
    public void The_same_seed_gives_the_same_file_bytes(WorkloadOptions options)
    {
        using var dir = new TempDirectory();
        TraceGenerator.Generate(options with { Seed = 42 }, dir.File("a.hmst"));
        TraceGenerator.Generate(options with { Seed = 42 }, dir.File("b.hmst"));

        Assert.That(File.ReadAllBytes(dir.File("b.hmst")), Is.EqualTo(File.ReadAllBytes(dir.File("a.hmst"))));
    }

    [TestCaseSource(nameof(SmallWorkloads))]
    public void A_different_seed_gives_a_different_trace(WorkloadOptions options)
    {
        using var dir = new TempDirectory();
        TraceGenerator.Generate(options with { Seed = 1 }, dir.File("a.hmst"));
        TraceGenerator.Generate(options with { Seed = 2 }, dir.File("b.hmst"));

        Assert.That(File.ReadAllBytes(dir.File("b.hmst")), Is.Not.EqualTo(File.ReadAllBytes(dir.File("a.hmst"))));
    }

    [TestCaseSource(nameof(AllSmallWorkloads))]
    public void Records_do_not_depend_on_the_batch_size(WorkloadOptions options)
    {
        using var whole = TraceGenerator.Open(options);
        using var oneByOne = TraceGenerator.Open(options);
        using var odd = TraceGenerator.Open(options);

        var expected = Traces.ReadAll(whole, 1 << 16);
        Assert.That(Traces.ReadAll(oneByOne, 1), Is.EqualTo(expected));
        Assert.That(Traces.ReadAll(odd, 997), Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(AllSmallWorkloads))]
    public void The_header_states_the_exact_record_count(WorkloadOptions options)
    {
        using var trace = TraceGenerator.Open(options);

        var records = Traces.ReadAll(trace);

        Assert.That(trace.Header.RecordCount, Is.EqualTo(records.Count));
        Assert.That(trace.Read(new TraceRecord[4]), Is.Zero);
    }

    [TestCaseSource(nameof(AllSmallWorkloads))]
    public void Every_access_falls_in_a_buffer_mapped_before_it_and_unmapped_after_it(WorkloadOptions options)
    {
        using var trace = TraceGenerator.Open(options);
        var mapped = new List<TraceRecord>();
        var unmapped = new List<TraceRecord>();
        var accesses = 0;

        foreach (var r in Traces.ReadAll(trace))
        {
            switch (r.Operation)
            {
                case TraceOperation.Mmap:
                    Assert.That(r.Address % 4096, Is.Zero, "mmap address is page-aligned");
                    Assert.That(r.Size % 4096, Is.Zero, "mmap length is whole pages");
                    Assert.That(unmapped, Is.Empty, "no mmap after munmap");
                    mapped.Add(r);
                    break;
                case TraceOperation.Munmap:
                    unmapped.Add(r);
                    break;
                case TraceOperation.Read or TraceOperation.Write:
                    accesses++;
                    Assert.That(unmapped, Is.Empty, "no access after munmap");
                    Assert.That(mapped.Exists(m => m.ProcessId == r.ProcessId && m.Address <= r.Address && r.End <= m.End), Is.True, $"access {r} is inside a mapped buffer");
                    break;
            }
        }

        Assert.That(accesses, Is.Positive);
        Assert.That(unmapped.Select(u => (u.ProcessId, u.Address, u.Size)), Is.EqualTo(mapped.Select(m => (m.ProcessId, m.Address, m.Size))));
    }

    [TestCaseSource(nameof(AllSmallWorkloads))]
    public void Time_advances_by_the_access_interval_per_access(WorkloadOptions options)
    {
        using var trace = TraceGenerator.Open(options with { AccessIntervalNs = 7 });
        long accesses = 0;

        foreach (var r in Traces.ReadAll(trace))
        {
            Assert.That(r.TimeNs, Is.EqualTo(accesses * 7));
            if (r.IsAccess)
            {
                accesses++;
            }
        }
    }

    [TestCaseSource(nameof(AllSmallWorkloads))]
    public void Without_unmap_there_is_no_munmap_record(WorkloadOptions options)
    {
        using var trace = TraceGenerator.Open(options with { UnmapAtEnd = false });

        Assert.That(Traces.ReadAll(trace).Count(r => r.Operation == TraceOperation.Munmap), Is.Zero);
    }

    [Test]
    public void A_generated_file_reads_back_as_the_generated_records()
    {
        using var dir = new TempDirectory();
        var options = new ZipfOptions { FootprintPages = 100, Accesses = 5000 };
        using var trace = TraceGenerator.Open(options);
        var expected = Traces.ReadAll(trace);

        var written = TraceGenerator.Generate(options, dir.File("z.hmst.gz"));

        Assert.That(written, Is.EqualTo(expected.Count));
        Assert.That(Traces.ReadAll(dir.File("z.hmst.gz")), Is.EqualTo(expected));
    }
}
