using HmsTrace.Traces.Generators;

namespace HmsTrace.Traces.Tests.Generators;

public sealed class WorkloadOptionTests
{
    private static IEnumerable<Workload> AllWorkloads() => Workloads.All;

    [Test]
    public void The_five_workloads_are_listed_by_name()
    {
        Assert.That(Workloads.All.Select(w => w.Name), Is.EqualTo(new[] { "pingpong", "zipf", "stream", "phase-shift", "multi-tenant" }));
        Assert.That(Workloads.Find("ZIPF"), Is.SameAs(Workloads.All[1]));
        Assert.That(Workloads.Find("nope"), Is.Null);
    }

    [TestCaseSource(nameof(AllWorkloads))]
    public void Every_option_has_a_description_and_a_default_that_parses_back(Workload workload)
    {
        var pairs = workload.Options.Select(o => KeyValuePair.Create(o.Name, o.DefaultValue));

        var parsed = workload.Parse(pairs);

        foreach (var option in workload.Options)
        {
            Assert.That(option.Description, Is.Not.Empty);
            Assert.That(option.ValueIn(parsed), Is.EqualTo(option.DefaultValue), option.Name);
        }

        Assert.That(workload.Options.Select(o => o.Name), Does.Contain("seed").And.Contain("access-interval").And.Contain("unmap"));
    }

    [TestCaseSource(nameof(AllWorkloads))]
    public void Defaults_generate_a_valid_trace_header(Workload workload)
    {
        using var trace = TraceGenerator.Open(workload.Defaults);

        Assert.That(trace.Header.Source, Is.EqualTo("gen:" + workload.Name));
        Assert.That(trace.Header.RecordCount, Is.Positive);
    }

    [Test]
    public void Options_parse_from_command_line_text()
    {
        var options = (ZipfOptions)Workloads.Find("zipf")!.Parse(
        [
            KeyValuePair.Create("--footprint-pages", "1_000"),
            KeyValuePair.Create("exponent", "1.2"),
            KeyValuePair.Create("--seed", "0x10"),
            KeyValuePair.Create("--access-interval", "1us"),
            KeyValuePair.Create("--access-size", "256B"),
            KeyValuePair.Create("--shuffle", "no"),
        ]);

        Assert.That(options, Is.EqualTo(new ZipfOptions { FootprintPages = 1000, Exponent = 1.2, Seed = 16, AccessIntervalNs = 1000, AccessSizeBytes = 256, ShufflePages = false }));
    }

    [Test]
    public void Multi_tenant_working_sets_parse_as_a_list_of_sizes()
    {
        var options = (MultiTenantOptions)Workloads.Find("multi-tenant")!.Parse([KeyValuePair.Create("working-sets", "1GiB, 4KiB")]);

        Assert.That(options.WorkingSetBytes, Is.EqualTo(new[] { 1L << 30, 4096L }));
    }

    [Test]
    public void Stream_kernels_parse_as_a_list_of_names()
    {
        var options = (StreamOptions)Workloads.Find("stream")!.Parse([KeyValuePair.Create("kernels", "triad,copy")]);

        Assert.That(options.Kernels, Is.EqualTo(StreamKernels.Copy | StreamKernels.Triad));
    }

    [TestCase("zipf", "colour", "blue", "--colour", "has no such option")]
    [TestCase("zipf", "footprint-pages", "many", "--footprint-pages", "is not a whole number")]
    [TestCase("zipf", "footprint-pages", "0", "--footprint-pages", "out of range")]
    [TestCase("zipf", "exponent", "-1", "--exponent", "is not a finite number")]
    [TestCase("zipf", "access-size", "3", "--access-size", "does not divide")]
    [TestCase("zipf", "read-fraction", "1.5", "--read-fraction", "is not between 0 and 1")]
    [TestCase("zipf", "seed", "-4", "--seed", "is not a seed")]
    [TestCase("pingpong", "buffer-size", "lots", "--buffer-size", "is not a size")]
    [TestCase("pingpong", "access-size", "1GiB", "--access-size", "does not fit")]
    [TestCase("pingpong", "unmap", "maybe", "--unmap", "is not true or false")]
    [TestCase("stream", "array-size", "100", "--array-size", "whole number of 8-byte elements")]
    [TestCase("stream", "kernels", "sum", "--kernels", "is not a STREAM kernel")]
    [TestCase("phase-shift", "hot-pages", "1000000", "--hot-pages", "no larger than the footprint")]
    [TestCase("multi-tenant", "working-sets", "1MiB,x", "--working-sets", "'x' is not a size")]
    [TestCase("multi-tenant", "access-interval", "soon", "--access-interval", "is not a duration")]
    public void A_bad_option_is_an_input_error_naming_it(string workload, string name, string value, string source, string message)
    {
        var e = Assert.Throws<InputException>(() => Workloads.Find(workload)!.Parse([KeyValuePair.Create(name, value)]));

        Assert.That(e!.Source, Is.EqualTo(source));
        Assert.That(e.Message, Does.Contain(message));
    }

    [Test]
    public void An_interval_that_would_overflow_the_clock_is_an_input_error()
    {
        var e = Assert.Throws<InputException>(() => TraceGenerator.Open(new ZipfOptions { Accesses = 1_000_000, AccessIntervalNs = long.MaxValue / 1000 }));

        Assert.That(e!.Source, Is.EqualTo("--access-interval"));
    }

    [Test]
    public void Opening_typed_options_validates_them()
    {
        var e = Assert.Throws<InputException>(() => TraceGenerator.Open(new PhaseShiftOptions { ShiftEveryAccesses = 0 }));

        Assert.That(e!.Source, Is.EqualTo("--shift-every"));
    }
}
