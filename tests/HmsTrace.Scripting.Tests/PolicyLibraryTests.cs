using HmsTrace.Engine;
using HmsTrace.Replay.Pipeline;
using HmsTrace.Scripting.Tests.Infrastructure;
using HmsTrace.Traces.Generators;

namespace HmsTrace.Scripting.Tests;

/// <summary>Each policy of the library runs, metered, and does what its header says.</summary>
[Parallelizable(ParallelScope.None)]
public sealed class PolicyLibraryTests
{
    private static readonly PolicyScriptLoader Loader = new(new PolicyLoaderOptions { UseCache = false });

    private static PolicyScript Script(string name) => Loader.Load(Path.Combine(Replays.PoliciesFolder, name + ".csx"));

    private static string Zipf(TempDirectory dir)
    {
        var path = dir.File("zipf.hmst");
        TraceGenerator.Generate(Workloads.Find("zipf")!.Parse([new("accesses", "60000"), new("footprint-pages", "4000")]), path);
        return path;
    }

    [Test]
    public async Task The_lru_script_gives_the_same_run_totals_as_the_built_in_lru_policy()
    {
        using var dir = new TempDirectory();
        var trace = Zipf(dir);
        var topology = Replays.TwoTier("4MiB");

        var builtIn = await Replays.RunAsync(dir, trace, topology, Replays.BuiltIn("lru"));
        var script = await Replays.RunAsync(dir, trace, topology, Replays.Source(Script("lru")));

        Assert.That(builtIn.Totals.MigrationsMoved, Is.GreaterThan(0), "the fast tier must be under pressure for the test to mean something");
        Assert.That(script.Totals.PolicyFuelUsed, Is.GreaterThan(0));
        Assert.That(script.Totals with { PolicyFuelUsed = 0 }, Is.EqualTo(builtIn.Totals));
    }

    [Test]
    public async Task First_touch_places_like_the_default_and_never_migrates()
    {
        using var dir = new TempDirectory();
        var trace = Replays.SmallCpuGpuTrace(dir);

        var script = await Replays.RunAsync(dir, trace, Replays.CpuGpu(), Replays.Source(Script("first-touch")));
        var builtIn = await Replays.RunAsync(dir, trace, Replays.CpuGpu(), Replays.BuiltIn("first-touch"));

        Assert.That(script.Totals.MigrationsRequested, Is.Zero);
        Assert.That(script.Totals with { PolicyFuelUsed = 0 }, Is.EqualTo(builtIn.Totals));
    }

    [Test]
    public async Task Migrate_on_fault_moves_data_to_the_faulting_device_and_back()
    {
        using var dir = new TempDirectory();
        var trace = Replays.SmallCpuGpuTrace(dir);

        var script = await Replays.RunAsync(dir, trace, Replays.CpuGpu(), Replays.Source(Script("migrate-on-fault")));
        var builtIn = await Replays.RunAsync(dir, trace, Replays.CpuGpu(), Replays.BuiltIn("migrate-on-fault"));

        Assert.That(script.Totals.MigrationsMoved, Is.GreaterThanOrEqualTo(2), "to the GPU and back");
        Assert.That(script.Totals with { PolicyFuelUsed = 0 }, Is.EqualTo(builtIn.Totals));
    }

    [Test]
    public async Task Hbind_honours_a_hint_by_moving_the_hinted_range_to_the_hinted_target()
    {
        using var dir = new TempDirectory();
        var trace = Replays.SmallCpuGpuTrace(dir);

        var honoured = await Replays.RunAsync(dir, trace, Replays.CpuGpu(), Replays.Source(Script("hbind")));
        var ignored = await Replays.RunAsync(dir, trace, Replays.CpuGpu(), Replays.Source(Script("hbind")),
            new ReplayOptions { EpochNs = 1_000_000, Parameters = new Dictionary<string, string> { ["move_populated"] = "false" } });

        Assert.That(honoured.Totals.BytesMigrated, Is.EqualTo(16 * 4096), "the 16 hinted pages move to gpu0-mem");
        Assert.That(ignored.Totals.BytesMigrated, Is.Zero);
    }

    [Test]
    public async Task Hot_promote_promotes_hot_ranges_within_its_quota()
    {
        using var dir = new TempDirectory();
        var trace = Zipf(dir);
        var topology = Replays.TwoTier("4MiB");
        var options = new ReplayOptions { EpochRecords = 5000, Parameters = new Dictionary<string, string> { ["quota_mib"] = "1", ["hot_per_page"] = "1", ["cold_age_ms"] = "0" } };

        var result = await Replays.RunAsync(dir, trace, topology, Replays.Source(Script("hot-promote")), options);

        Assert.That(result.Totals.PolicyFaults, Is.Zero, result.Totals.FirstPolicyFault);
        Assert.That(result.Totals.MigrationsMoved, Is.GreaterThan(0));
        Assert.That(result.Totals.BytesMigrated, Is.LessThanOrEqualTo(result.Totals.Epochs * (1L << 20)), "at most the quota per epoch");
    }

    [Test]
    public async Task Autonuma_moves_a_range_only_after_its_initiator_dominated_it_for_the_hysteresis()
    {
        using var dir = new TempDirectory();
        var trace = dir.File("mt.hmst");
        TraceGenerator.Generate(Workloads.Find("multi-tenant")!.Parse([new("tenants", "2"), new("working-sets", "1MiB"), new("accesses", "40000"), new("gpu-fraction", "0.9")]), trace);
        var options = new ReplayOptions { EpochRecords = 4000 };

        var eager = await Replays.RunAsync(dir, trace, Replays.CpuGpu(), Replays.Source(Script("autonuma")), options with { Parameters = new Dictionary<string, string> { ["hysteresis"] = "1" } });
        var patient = await Replays.RunAsync(dir, trace, Replays.CpuGpu(), Replays.Source(Script("autonuma")), options with { Parameters = new Dictionary<string, string> { ["hysteresis"] = "1000" } });

        Assert.That(eager.Totals.MigrationsMoved, Is.GreaterThan(0), "GPU-dominated ranges move to gpu0-mem");
        Assert.That(patient.Totals.MigrationsRequested, Is.Zero);
    }

    [Test]
    public async Task Fair_share_keeps_each_process_within_its_share_of_device_memory()
    {
        using var dir = new TempDirectory();
        var trace = dir.File("mt.hmst");
        TraceGenerator.Generate(Workloads.Find("multi-tenant")!.Parse([new("tenants", "2"), new("working-sets", "2MiB"), new("accesses", "20000"), new("gpu-fraction", "1")]), trace);
        var topology = Replays.CpuGpu().WithTargetCapacity("gpu0-mem", 2L << 20);

        var fair = await Replays.RunAsync(dir, trace, topology, Replays.Source(Script("fair-share")));
        var greedy = await Replays.RunAsync(dir, trace, topology, Replays.BuiltIn("first-touch"));

        Assert.That(fair.Totals.PolicyFaults, Is.Zero, fair.Totals.FirstPolicyFault);
        Assert.That(fair.Totals.Hits, Is.GreaterThan(0));
        Assert.That(fair.Totals.Hits, Is.Not.EqualTo(greedy.Totals.Hits), "the quota changes placement");
    }
}
