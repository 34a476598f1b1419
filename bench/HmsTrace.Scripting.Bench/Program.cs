// Quick measurements of the policy script loader and the metered hot path (Stopwatch, best of N;
// run in Release). Usage: dotnet run -c Release --project bench/HmsTrace.Scripting.Bench [repo-root]
using System.Diagnostics;
using System.Globalization;
using HmsTrace.Engine;
using HmsTrace.Engine.Policies;
using HmsTrace.Policy;
using HmsTrace.Replay.Pipeline;
using HmsTrace.Replay.Results;
using HmsTrace.Scripting;
using HmsTrace.Topology;
using HmsTrace.Traces.Generators;

var root = args.Length > 0 ? args[0] : FindRoot();
var work = Path.Combine(Path.GetTempPath(), "hmstrace-scripting-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
Directory.CreateDirectory(work);
try
{
    var policies = Path.Combine(root, "policies");
    var cache = Path.Combine(work, "cache");

    // 1. Loading: a compile (cold in-process), then cache hits with fresh loaders.
    var sw = Stopwatch.StartNew();
    new PolicyScriptLoader(new PolicyLoaderOptions { CacheDirectory = cache }).Load(Path.Combine(policies, "hot-promote.csx"));
    Console.WriteLine($"compile + check hot-promote.csx (first in process): {sw.Elapsed.TotalMilliseconds:F0} ms");
    sw.Restart();
    new PolicyScriptLoader(new PolicyLoaderOptions { CacheDirectory = cache }).Load(Path.Combine(policies, "autonuma.csx"));
    Console.WriteLine($"compile + check autonuma.csx (second in process): {sw.Elapsed.TotalMilliseconds:F0} ms");
    var best = double.MaxValue;
    for (var i = 0; i < 5; i++)
    {
        sw.Restart();
        var s = new PolicyScriptLoader(new PolicyLoaderOptions { CacheDirectory = cache }).Load(Path.Combine(policies, "hot-promote.csx"));
        best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
        if (!s.FromCache)
        {
            throw new InvalidOperationException("expected a cache hit");
        }
    }

    Console.WriteLine($"cached load of hot-promote.csx (fresh loader, best of 5): {best:F1} ms");

    // 2. Per-call overhead of a metered hook: the same empty hook, plain C# vs script through the wrapper.
    var emptyPath = Path.Combine(work, "empty.csx");
    File.WriteAllText(emptyPath, "using HmsTrace.Policy;\npublic sealed class Empty : PlacementPolicy\n{\n    public override void OnUnmap(UnmapContext context)\n    {\n    }\n}\n");
    var metered = new PolicyScriptLoader(new PolicyLoaderOptions { CacheDirectory = cache }).Load(emptyPath).Create();
    PlacementPolicy plain = new PlainEmpty();
    const int calls = 50_000_000;
    var context = new UnmapContext(1, 0, 1, 0, 0);
    var plainNs = BestNsPerCall(plain, context, calls);
    var meteredNs = BestNsPerCall(metered, context, calls);
    Console.WriteLine($"empty hook: plain {plainNs:F2} ns/call, metered script {meteredNs:F2} ns/call, overhead {meteredNs - plainNs:F2} ns/call");

    // 3. Replay speed: lru.csx against the built-in LruPolicy on the same trace.
    var trace = Path.Combine(work, "zipf.hmst");
    TraceGenerator.Generate(Workloads.Find("zipf")!.Parse([new("accesses", "3000000"), new("footprint-pages", "60000")]), trace);
    var topology = TopologyLoader.Load(Path.Combine(root, "topologies", "two-tier.json")).WithTargetCapacity("fast", 64L << 20);
    var lru = new PolicyScriptLoader(new PolicyLoaderOptions { CacheDirectory = cache }).Load(Path.Combine(policies, "lru.csx"));
    var builtIn = new PolicySource("lru", "b", () => new LruPolicy());
    var script = new PolicySource("lru.csx", lru.Sha256, () => lru.Create());
    var builtInBest = double.MaxValue;
    var scriptBest = double.MaxValue;
    for (var i = 0; i < 3; i++)
    {
        builtInBest = Math.Min(builtInBest, await Replay(builtIn));
        scriptBest = Math.Min(scriptBest, await Replay(script));
    }

    Console.WriteLine($"replay of 3,000,002 records (best of 3): built-in lru {builtInBest:F0} ms, lru.csx {scriptBest:F0} ms, script speed {builtInBest / scriptBest:F2}x of built-in");

    async Task<double> Replay(PolicySource policy)
    {
        var job = new ReplayJob { TracePath = trace, Topology = topology, TopologySha256 = "t", Policy = policy, Options = new ReplayOptions { RangeSnapshotEvery = 0 } };
        var result = await ReplayPipeline.RunAsync(job, new ParquetResultSink(Path.Combine(work, "out-" + Guid.NewGuid().ToString("N"))));
        return result.WallNs / 1e6;
    }
}
finally
{
    Directory.Delete(work, recursive: true);
}

static double BestNsPerCall(PlacementPolicy policy, UnmapContext context, int calls)
{
    var best = double.MaxValue;
    for (var round = 0; round < 5; round++)
    {
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            policy.OnUnmap(context);
        }

        best = Math.Min(best, sw.Elapsed.TotalNanoseconds / calls);
    }

    return best;
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "HmsTrace.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("run from inside the repository or pass its root");
}

/// <summary>The empty hook in plain C#, the baseline.</summary>
internal sealed class PlainEmpty : PlacementPolicy
{
    public override void OnUnmap(UnmapContext context)
    {
    }
}
