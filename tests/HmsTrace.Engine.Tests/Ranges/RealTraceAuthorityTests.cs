using HmsTrace.Engine.Policies;
using HmsTrace.Engine.Tests.Support;
using HmsTrace.Traces;

namespace HmsTrace.Engine.Tests.Ranges;

/// <summary>
/// Real traces from <c>../shared/data</c> (a valgrind run, a Pin run, a libCacheSim block trace
/// whose objects are spread over a gigabyte) give the same rows and totals whichever structure
/// answers the range maps' lookups: the page table, or the sorted search index.
/// </summary>
public sealed class RealTraceAuthorityTests
{
    [Test]
    public void Real_traces_give_the_same_rows_with_page_table_and_search_index(
        [Values("lackey/ls-usr-bin.lackey.gz", "pin/AbiriAmir_pinatrace.out.gz", "libcachesim/cloudPhysicsIO.oracleGeneral.bin")] string trace,
        [Values("lru", "migrate-on-fault")] string policy)
    {
        var path = Path.Combine(SharedData(), trace);
        Assert.That(File.Exists(path), Is.True, $"{path} is missing: the shared real traces sit beside the repository (see ../shared/data/README.md)");

        var table = Run(path, policy, pageTables: true);
        var index = Run(path, policy, pageTables: false);

        SameResults.Check(table, index);
        Assert.That(table.Totals.MigrationsRequested, Is.GreaterThan(100), "the small fast tier makes the policy migrate");
    }

    private static (Results.RunTotals Totals, RecordingOutput Output) Run(string path, string policy, bool pageTables)
    {
        var machine = Machines.TwoTier(64L << 10, "64GiB");
        var placement = BuiltInPolicies.Create(policy)!;
        var output = new RecordingOutput();
        var engine = new ReplayEngine(machine, placement, new ReplayOptions { EpochRecords = 10_000, RangeSnapshotEvery = 5 }, output)
        {
            PageTables = pageTables,
        };
        using var reader = TraceFile.OpenRead(path);
        var batch = new TraceRecord[65_536];
        int n;
        while ((n = reader.Read(batch)) > 0)
        {
            engine.Process(batch.AsSpan(0, n), reader.Header.Initiators);
        }

        return (engine.Finish(), output);
    }

    /// <summary>The shared real traces: <c>../shared/data</c> beside the repository root.</summary>
    private static string SharedData()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HmsTrace.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.Parent is { } parent
            ? Path.Combine(parent.FullName, "shared", "data")
            : throw new InvalidOperationException("HmsTrace.sln not found above the test assembly");
    }
}
