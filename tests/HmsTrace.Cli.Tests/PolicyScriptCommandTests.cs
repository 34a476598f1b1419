namespace HmsTrace.Cli.Tests;

/// <summary><c>hmstrace check</c> and <c>replay --policy x.csx</c> through the command line.</summary>
public sealed class PolicyScriptCommandTests
{
    private static string Policies => Path.Combine(Repository.Root(), "policies");

    [Test]
    public void Check_accepts_every_bundled_policy_script()
    {
        var scripts = Directory.GetFiles(Policies, "*.csx");
        Assert.That(scripts, Has.Length.GreaterThanOrEqualTo(7));

        var run = CliRun.Invoke(["check", .. scripts]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Output + run.Error);
    }

    [Test]
    public void Check_reports_a_forbidden_api_in_the_compiler_format_and_exits_1()
    {
        using var dir = new TempFolder();
        var canary = dir.File("canary.txt");
        var script = dir.File("escape.csx");
        File.WriteAllText(script, $$"""
            using HmsTrace.Policy;

            public sealed class Escape : PlacementPolicy
            {
                public override void Initialize(PolicySetup setup) => System.IO.File.WriteAllText("{{canary}}", "escaped");
            }
            """);

        var run = CliRun.Invoke("check", script);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output + run.Error, Does.Match(@"escape\.csx\(5,\d+\): error HMS0001: "));
        Assert.That(File.Exists(canary), Is.False);
    }

    [Test]
    public void Check_describe_lists_a_policys_parameters()
    {
        var run = CliRun.Invoke("check", Path.Combine(Policies, "hot-promote.csx"), "--describe");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Output, Does.Contain("hot_per_page").And.Contain("quota_mib"));
    }

    [TestCase(false)]
    [TestCase(true)] // GPU memory under pressure: per-target recency lists, demotion to system memory
    public void A_script_policy_replays_exactly_like_its_built_in_twin(bool gpuPressure)
    {
        using var scripted = new TempFolder();
        using var builtIn = new TempFolder();
        using var traces = new TempFolder();
        string[] input = [];
        if (gpuPressure)
        {
            var trace = traces.File("tenants.hmst");
            var gen = CliRun.Invoke("trace", "gen", "multi-tenant", "--accesses", "200000", "--working-sets", "16MiB,4MiB", "--out", trace);
            Assert.That(gen.ExitCode, Is.EqualTo(0), gen.Error);
            input = ["--trace", trace, "--topology", "cpu-gpu-pcie", "--capacity", "gpu0-mem=8MiB"];
        }

        var a = CliRun.Invoke(["replay", .. input, "--policy", Path.Combine(Policies, "lru.csx"), "--out", scripted.Path]);
        var b = CliRun.Invoke(["replay", .. input, "--policy", "lru", "--out", builtIn.Path]);

        Assert.That(a.ExitCode, Is.EqualTo(0), a.Error);
        Assert.That(b.ExitCode, Is.EqualTo(0), b.Error);
        foreach (var column in new[] { "accesses", "hits", "modeled_ns", "migrations_moved", "bytes_migrated", "ping_pongs" })
        {
            Assert.That(ResultDataset.RunsValue(scripted.Path, column), Is.EqualTo(ResultDataset.RunsValue(builtIn.Path, column)), column);
        }

        if (gpuPressure)
        {
            Assert.That(ResultDataset.RunsValue(builtIn.Path, "migrations_moved"), Is.GreaterThan(1000), "GPU misses demote least recently used pages to system memory");
            Assert.That(ResultDataset.RunsValue(builtIn.Path, "migrations_failed"), Is.Zero);
        }
    }

    // A first-touch hook that never returns: stopped by fuel, or by the time limit when the fuel is endless.
    private const string Endless = """
        using HmsTrace.Policy;

        public sealed class Endless : PlacementPolicy
        {
            public override TargetId OnFirstTouch(FirstTouchContext context)
            {
                var n = 0L;
                while (true)
                {
                    n++;
                }
            }
        }
        """;

    [Test]
    public void A_script_that_never_returns_is_stopped_by_fuel_and_named_or_recorded()
    {
        using var dir = new TempFolder();
        var script = dir.File("spin.csx");
        File.WriteAllText(script, Endless);

        var failing = CliRun.Invoke("replay", "--policy", script, "--out", dir.File("fail"));
        Assert.That(failing.ExitCode, Is.EqualTo(1));
        Assert.That(failing.Error, Does.Contain("spin.csx").And.Contain("OnFirstTouch").And.Contain("fuel"));

        var fallback = CliRun.Invoke("replay", "--policy", script, "--on-policy-fault", "fallback", "--out", dir.File("ok"));
        Assert.That(fallback.ExitCode, Is.EqualTo(0), fallback.Error);
        Assert.That(ResultDataset.RunsValue(dir.File("ok"), "policy_faults"), Is.EqualTo(1));
    }

    [Test]
    public void A_script_past_the_time_limit_fails_the_run_and_a_malformed_limit_is_a_usage_error()
    {
        using var dir = new TempFolder();
        var script = dir.File("slow.csx");
        File.WriteAllText(script, Endless);
        string[] endless = ["--fuel-per-call", "1000000000000000", "--fuel-per-run", "1000000000000000"];

        var timed = CliRun.Invoke(["replay", "--policy", script, .. endless, "--time-per-call", "300ms", "--on-policy-fault", "fallback", "--out", dir.File("timed")]);
        var malformed = CliRun.Invoke("replay", "--policy", script, "--time-per-call", "soon", "--out", dir.File("malformed"));

        Assert.That(timed.ExitCode, Is.EqualTo(1), "a wall-clock stop fails the run even with fallback");
        Assert.That(timed.Error, Does.Contain("slow.csx(").And.Contain("OnFirstTouch").And.Contain("time limit").And.Contain("0.3 s"));
        Assert.That(Directory.Exists(dir.File("timed")), Is.False, "no half-written results");
        Assert.That(malformed.ExitCode, Is.EqualTo(2));
        Assert.That(malformed.Error, Does.Contain("--time-per-call 'soon' is not a duration"));
    }

    [Test]
    public void Replay_with_a_region_bound_says_so_in_the_summary_and_the_runs_table_and_gets_its_own_run_id()
    {
        using var dir = new TempFolder();
        var script = Path.Combine(Policies, "hot-promote.csx");

        var bounded = CliRun.Invoke("replay", "--policy", script, "--max-regions", "2", "--out", dir.File("bounded"));
        var unbounded = CliRun.Invoke("replay", "--policy", script, "--out", dir.File("unbounded"));
        var negative = CliRun.Invoke("replay", "--policy", script, "--max-regions", "-1", "--out", dir.File("negative"));

        Assert.That(bounded.ExitCode, Is.EqualTo(0), bounded.Error);
        Assert.That(bounded.Output, Does.Contain("monitoring regions").And.Contain("at most 2 "));
        Assert.That(ResultDataset.RunsValue(dir.File("bounded"), "max_regions"), Is.EqualTo(2));
        Assert.That(unbounded.Output, Does.Not.Contain("monitoring regions"));
        Assert.That(ResultDataset.RunsValue(dir.File("unbounded"), "max_regions"), Is.EqualTo(0));
        Assert.That(RunIds(dir.File("bounded")), Is.Not.EqualTo(RunIds(dir.File("unbounded"))));
        Assert.That(negative.ExitCode, Is.EqualTo(2), "a malformed command line, as for --snapshot-every");
        Assert.That(negative.Error, Does.Contain("--max-regions must be 0 or more"));
        Assert.That(Directory.Exists(dir.File("negative")), Is.False);
    }

    private static string[] RunIds(string dataset)
        => [.. Directory.GetFiles(Path.Combine(dataset, "runs"), "*.parquet", SearchOption.AllDirectories).Select(Path.GetFileName)!];

}
