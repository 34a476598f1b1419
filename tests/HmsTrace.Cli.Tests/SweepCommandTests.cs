namespace HmsTrace.Cli.Tests;

public sealed class SweepCommandTests
{
    [Test]
    public void Shards_run_as_separate_processes_give_the_dataset_of_the_unsharded_sweep()
    {
        using var dir = new TempFolder();
        var args = Sweep(dir);
        Assert.That(CliRun.Invoke([.. args, "--out", dir.File("whole")]).ExitCode, Is.EqualTo(0));

        var shards = Enumerable.Range(1, 3).Select(i => ChildProcess.Start(dir.Path, [.. args, "--out", dir.File("sharded"), "--shard", $"{i}/3", "--parallel", "1"])).ToList();
        foreach (var p in shards)
        {
            var output = p.StandardOutput.ReadToEnd();
            var error = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.That(p.ExitCode, Is.EqualTo(0), output + error);
            Assert.That(output, Does.Contain("2 completed"), "each shard runs a third of the six runs");
            p.Dispose();
        }

        Assert.That(ResultDataset.Read(dir.File("sharded")), Is.EqualTo(ResultDataset.Read(dir.File("whole"))));
    }

    [Test]
    public void A_sweep_killed_mid_run_and_started_again_ends_with_the_uninterrupted_dataset()
    {
        using var dir = new TempFolder();
        var args = Sweep(dir);
        Assert.That(CliRun.Invoke([.. args, "--out", dir.File("whole")]).ExitCode, Is.EqualTo(0));

        // One replay at a time; kill -9 as soon as the first run's files are in place.
        using (var child = ChildProcess.Start(dir.Path, [.. args, "--out", dir.File("killed"), "--parallel", "1", "--share-decoding", "1"]))
        {
            string? line;
            while ((line = child.StandardOutput.ReadLine()) is not null && !line.Contains(" done ", StringComparison.Ordinal))
            {
            }

            Assert.That(line, Is.Not.Null, "the sweep ended before its first run finished");
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }

        var partial = ResultDataset.Read(dir.File("killed")).Keys.Count(k => k.StartsWith("runs/", StringComparison.Ordinal));
        Assert.That(partial, Is.InRange(1, 5), "the kill came after the first run and before the last");

        var resumed = CliRun.Invoke([.. args, "--out", dir.File("killed")]);

        Assert.That(resumed.ExitCode, Is.EqualTo(0), resumed.Error);
        Assert.That(resumed.Output, Does.Contain($"{partial} already complete"));
        Assert.That(ResultDataset.Read(dir.File("killed")), Is.EqualTo(ResultDataset.Read(dir.File("whole"))));
        Assert.That(Directory.Exists(Path.Combine(dir.File("killed"), ".staging")), Is.False, "stale staging files were cleaned");
    }

    [Test]
    public void Parallel_1_and_parallel_2_give_byte_identical_files()
    {
        using var dir = new TempFolder();
        var args = Sweep(dir);

        Assert.That(CliRun.Invoke([.. args, "--out", dir.File("p1"), "--parallel", "1"]).ExitCode, Is.EqualTo(0));
        Assert.That(CliRun.Invoke([.. args, "--out", dir.File("p2"), "--parallel", "2"]).ExitCode, Is.EqualTo(0));

        Assert.That(ResultDataset.Read(dir.File("p2")), Is.EqualTo(ResultDataset.Read(dir.File("p1"))));
    }

    [Test]
    public void A_broken_trace_fails_its_runs_only_with_exit_code_1_and_a_table_of_failures()
    {
        using var dir = new TempFolder();
        Gen(dir, "good", 1);
        File.WriteAllText(dir.File("broken.csv"), "t_ns,pid,initiator,op,address,size,arg\n0,1,cpu0,read,0x1000,oops,0\n");

        var run = CliRun.Invoke("sweep", "--trace", dir.File("good.hmst"), "--trace", dir.File("broken.csv"), "--topology", "two-tier", "--policy", "lru", "--policy", "first-touch", "--out", dir.File("out"));

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Error, Does.Contain("FAILED").And.Contain("broken.csv:2"), "failures are listed as they happen");
        Assert.That(run.Output, Does.Contain("failed runs").And.Contain("2 completed").And.Contain("2 failed"));
    }

    [Test]
    public void A_sweep_file_says_the_same_as_the_options()
    {
        using var dir = new TempFolder();
        var args = Sweep(dir);
        File.WriteAllText(dir.File("sweep.yaml"), """
            traces: ["*.hmst"]
            topologies: [two-tier]
            policies:
              - lru
              - first-touch
              - { name: migrate-on-fault, params: { chunk_pages: 64 } }
            capacity: { fast: [25%] }
            epoch: 5000
            """);

        var fromFile = CliRun.Invoke("sweep", dir.File("sweep.yaml"), "--plan", "--out", dir.File("out"));
        var fromOptions = CliRun.Invoke([.. args, "--plan", "--out", dir.File("out")]);

        Assert.That(fromFile.ExitCode, Is.EqualTo(0), fromFile.Error);
        Assert.That(fromFile.Output, Does.Contain("chunk_pages=64").And.Contain("plan: 6 of 6 runs"));
        var ids = RunIds(fromFile.Output);
        Assert.That(ids, Has.Count.EqualTo(6));
        Assert.That(RunIds(fromOptions.Output).Intersect(ids).Count(), Is.EqualTo(4), "first-touch and lru runs have the same ids either way");
    }

    [Test]
    public void A_region_bound_in_the_sweep_file_or_on_the_command_line_gives_the_same_runs_and_other_ids_than_none()
    {
        using var dir = new TempFolder();
        Gen(dir, "a", 1);
        File.WriteAllText(dir.File("sweep.yaml"), """
            traces: ["*.hmst"]
            topologies: [two-tier]
            policies: [lru]
            max-regions: 16
            """);
        File.WriteAllText(dir.File("bad.yaml"), "traces: [\"*.hmst\"]\nmax-regions: many\n");

        var fromFile = CliRun.Invoke("sweep", dir.File("sweep.yaml"), "--plan", "--out", dir.File("out"));
        var fromOption = CliRun.Invoke("sweep", "--trace", dir.File("a.hmst"), "--topology", "two-tier", "--policy", "lru", "--max-regions", "16", "--plan", "--out", dir.File("out"));
        var none = CliRun.Invoke("sweep", "--trace", dir.File("a.hmst"), "--topology", "two-tier", "--policy", "lru", "--plan", "--out", dir.File("out"));
        var bad = CliRun.Invoke("sweep", dir.File("bad.yaml"), "--plan", "--out", dir.File("out"));

        Assert.That(fromFile.ExitCode, Is.EqualTo(0), fromFile.Error);
        Assert.That(RunIds(fromFile.Output), Has.Count.EqualTo(1).And.EqualTo(RunIds(fromOption.Output)));
        Assert.That(RunIds(none.Output), Has.Count.EqualTo(1).And.Not.EqualTo(RunIds(fromFile.Output)));
        Assert.That(bad.ExitCode, Is.EqualTo(1));
        Assert.That(bad.Error, Does.Contain("max-regions").And.Contain("'many'"));
    }

    [TestCase("epoch: banana", "epoch: --epoch 'banana' is neither a duration")]
    [TestCase("epoch: 99999999999999999999s", "epoch: --epoch '99999999999999999999s' is neither a duration")]
    [TestCase("seed: -3", "seed: '-3' is not a non-negative integer")]
    [TestCase("on-policy-fault: maybe", "on-policy-fault: 'maybe' is neither fail nor fallback")]
    [TestCase("max-regions: many", "max-regions: 'many' is not a non-negative integer")]
    public void A_bad_setting_in_a_sweep_file_names_the_file_and_line(string setting, string message)
    {
        // Found by review (session 12): a bad epoch exited 2 blaming --epoch, and the others said
        // "sweep file: …" without the file or the line.
        using var dir = new TempFolder();
        Gen(dir, "a", 1);
        File.WriteAllText(dir.File("bad.yaml"), "traces: [\"*.hmst\"]\npolicies: [lru]\n" + setting + "\n");

        var run = CliRun.Invoke("sweep", dir.File("bad.yaml"), "--plan", "--out", dir.File("out"));

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Error);
        Assert.That(run.Error, Does.Contain("bad.yaml:3: " + message));
    }

    [Test]
    public void A_built_in_policy_name_means_the_policy_even_beside_a_folder_of_that_name()
    {
        using var dir = new TempFolder();
        Gen(dir, "a", 1);
        Directory.CreateDirectory(dir.File("lru"));
        File.WriteAllText(dir.File("lru/notes.txt"), "not a policy");

        var run = ChildProcess.Run(dir.Path, "sweep", "--trace", "a.hmst", "--topology", "two-tier", "--policy", "lru", "--plan", "--out", "out");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Output, Does.Contain("plan: 1 of 1 runs").And.Contain("lru"));
    }

    [Test]
    public void A_folder_of_policies_gives_its_scripts_only()
    {
        using var dir = new TempFolder();
        Gen(dir, "a", 1);
        Directory.CreateDirectory(dir.File("mine"));
        File.Copy(Path.Combine(Repository.Root(), "policies", "lru.csx"), dir.File("mine/lru.csx"));
        File.WriteAllText(dir.File("mine/README.md"), "# my policies");

        var run = CliRun.Invoke("sweep", "--trace", dir.File("a.hmst"), "--topology", "two-tier", "--policy", dir.File("mine"), "--plan", "--out", dir.File("out"));

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Output, Does.Contain("plan: 1 of 1 runs"));
    }

    [Test]
    public void Plan_prints_the_matrix_without_running_it()
    {
        using var dir = new TempFolder();
        var run = CliRun.Invoke([.. Sweep(dir), "--plan", "--out", dir.File("out")]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Output, Does.Contain("plan: 6 of 6 runs (shard 1/1); 0 already complete"));
        Assert.That(Directory.Exists(dir.File("out")), Is.False);
    }

    [Test]
    public void Compare_ranks_the_policies_of_each_trace()
    {
        using var dir = new TempFolder();
        Assert.That(CliRun.Invoke([.. Sweep(dir), "--out", dir.File("out")]).ExitCode, Is.EqualTo(0));

        var run = CliRun.Invoke("compare", dir.File("out"), "--by", "hit-rate");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Output, Does.Contain("trace a (ranked by hit-rate)").And.Contain("trace b (ranked by hit-rate)"));
        Assert.That(run.Output, Does.Contain("migrate-on-fault").And.Contain("capacity.fast=25%").And.Contain("ping-pongs"));
    }

    [Test]
    public void Compare_shows_the_inputs_that_tell_a_traces_runs_apart_and_the_run_id_when_nothing_else_does()
    {
        using var dir = new TempFolder();
        Directory.CreateDirectory(dir.File("one"));
        Directory.CreateDirectory(dir.File("two"));
        foreach (var (folder, seed) in new[] { ("one", "1"), ("two", "2") })
        {
            var gen = CliRun.Invoke("trace", "gen", "zipf", "--records", "20000", "--footprint-pages", "2000", "--seed", seed, "--out", dir.File($"{folder}/z.hmst"));
            Assert.That(gen.ExitCode, Is.EqualTo(0), gen.Error);
        }

        // Two copies of one policy script that differ in a comment: the same name, another policy code.
        var script = File.ReadAllText(Path.Combine(Repository.Root(), "policies", "lru.csx"));
        File.WriteAllText(dir.File("one/lru.csx"), script);
        File.WriteAllText(dir.File("two/lru.csx"), script + "\n// a copy\n");
        var one = dir.File("one/z.hmst");
        string[] common = ["replay", "--topology", "two-tier", "--out", dir.File("out")];
        foreach (var extra in new[]
        {
            ["--trace", one, "--policy", dir.File("one/lru.csx"), "--capacity", "fast=1MiB"],
            ["--trace", one, "--policy", dir.File("one/lru.csx"), "--capacity", "fast=1MiB", "--seed", "3"],
            ["--trace", one, "--policy", dir.File("one/lru.csx"), "--capacity", "fast=2MiB"],
            ["--trace", dir.File("two/z.hmst"), "--policy", dir.File("one/lru.csx"), "--capacity", "fast=1MiB"],
            new[] { "--trace", one, "--policy", dir.File("two/lru.csx"), "--capacity", "fast=1MiB" },
        })
        {
            var replay = CliRun.Invoke([.. common, .. extra]);
            Assert.That(replay.ExitCode, Is.EqualTo(0), replay.Error);
        }

        var run = CliRun.Invoke("compare", dir.File("out"));

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        var lines = run.Output.Split('\n');
        var header = Cells(lines.Single(l => l.Contains("policy", StringComparison.Ordinal)));
        Assert.That(header, Does.Contain("trace file").And.Contain("seed").And.Contain("run id"));
        Assert.That(header, Does.Not.Contain("regions").And.Not.Contain("epoch"), "inputs that are the same for every run are not shown");
        var rows = lines.Where(l => l.Contains(" lru ", StringComparison.Ordinal)).Select(Cells).ToList();
        Assert.That(rows, Has.Count.EqualTo(5));
        Assert.That(rows.Select(r => r[header.IndexOf("trace file")]).Distinct().Count(), Is.EqualTo(2), "two files named z.hmst");
        Assert.That(rows.Select(r => r[header.IndexOf("seed")]), Is.EquivalentTo(new[] { "1", "1", "1", "1", "3" }));
        Assert.That(rows.Select(r => r[header.IndexOf("topology")]).Distinct().Count(), Is.EqualTo(2), "two-tier with two capacities: the topology's hash tells them apart");
        Assert.That(rows.Select(r => r[header.IndexOf("run id")]), Is.Unique.And.All.Match("^[0-9a-f]{8}$"));
    }

    [Test]
    public void Compare_of_an_empty_or_missing_dataset_is_a_clear_error()
    {
        using var dir = new TempFolder();

        var missing = CliRun.Invoke("compare", dir.File("nothing"));
        var empty = CliRun.Invoke("compare", dir.Path);

        Assert.That(missing.ExitCode, Is.EqualTo(1));
        Assert.That(missing.Error, Does.Contain("no such result dataset folder"));
        Assert.That(empty.ExitCode, Is.EqualTo(1));
        Assert.That(empty.Error, Does.Contain("holds no runs"));
    }

    [Test]
    public void A_replay_with_a_capacity_and_the_same_point_of_a_sweep_are_one_run()
    {
        // Found by review (session 12): the sweep recorded its capacity axis in parameters_json and
        // the replay did not, so the tour's compare listed the same result twice under two ids.
        using var dir = new TempFolder();
        var trace = dir.File("z.hmst");
        var results = dir.File("out");
        Assert.That(CliRun.Invoke("trace", "gen", "zipf", "--records", "3000", "--footprint-pages", "200", "--out", trace).ExitCode, Is.EqualTo(0));

        // In bytes here, in KiB below: the run id must not depend on the spelling (second review).
        var replay = CliRun.Invoke("replay", "--trace", trace, "--topology", "two-tier", "--capacity", "fast=262144", "--policy", "lru", "--out", results);
        var sweep = CliRun.Invoke("sweep", "--trace", trace, "--topology", "two-tier", "--capacity", "fast=256KiB", "--policy", "lru", "--out", results);

        Assert.That(replay.ExitCode, Is.EqualTo(0), replay.Error);
        Assert.That(sweep.ExitCode, Is.EqualTo(0), sweep.Error);
        Assert.That(sweep.Output, Does.Contain("1 already complete"));
        Assert.That(Directory.GetFiles(Path.Combine(results, "runs"), "*.parquet", SearchOption.AllDirectories), Has.Length.EqualTo(1));
    }

    [Test]
    public void The_same_trace_bytes_under_two_names_are_two_runs_with_two_ids()
    {
        // run_id is the join key of every table: one id in two trace partitions added their rows together (review, session 12).
        using var dir = new TempFolder();
        var trace = dir.File("a.hmst");
        var results = dir.File("out");
        Assert.That(CliRun.Invoke("trace", "gen", "zipf", "--records", "3000", "--footprint-pages", "200", "--out", trace).ExitCode, Is.EqualTo(0));
        File.Copy(trace, dir.File("b.hmst"));

        Assert.That(CliRun.Invoke("replay", "--trace", trace, "--topology", "two-tier", "--out", results).ExitCode, Is.EqualTo(0));
        Assert.That(CliRun.Invoke("replay", "--trace", dir.File("b.hmst"), "--topology", "two-tier", "--out", results).ExitCode, Is.EqualTo(0));

        var ids = Directory.GetFiles(Path.Combine(results, "runs"), "*.parquet", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
        Assert.That(ids, Has.Count.EqualTo(2));
        Assert.That(ids.Distinct().Count(), Is.EqualTo(2), string.Join(", ", ids));
    }

    [Test]
    public void Compare_of_a_runs_file_whose_run_id_is_not_a_string_is_a_clear_error()
    {
        // Found by review (session 12): a well-formed Parquet file of another schema ended compare
        // with an InvalidOperationException and a stack trace.
        using var dir = new TempFolder();
        var file = dir.File("runs/policy=lru/trace=z/part-1.parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        using (var stream = File.Create(file))
        using (var writer = HmsTrace.Parquet.ParquetWriter.Create(stream, new HmsTrace.Parquet.ParquetSchema(HmsTrace.Parquet.ParquetField.Int32("run_id"))))
        using (var group = writer.CreateRowGroup())
        {
            group.WriteColumn(0, new[] { 7 });
        }

        var run = CliRun.Invoke("compare", dir.Path);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Error);
        Assert.That(run.Error, Does.Contain("part-1.parquet").And.Contain("is not a readable runs file").And.Contain("run_id"));
        Assert.That(run.Error, Does.Not.Contain("   at "), "no stack trace");
    }

    /// <summary>Two traces × first-touch, migrate-on-fault, lru × fast=25%: six runs.</summary>
    private static List<string> Cells(string tableLine) => [.. tableLine.Split('│').Select(c => c.Trim())];

    private static string[] Sweep(TempFolder dir)
    {
        Gen(dir, "a", 1);
        Gen(dir, "b", 2);
        return ["sweep", "--trace", dir.File("a.hmst"), "--trace", dir.File("b.hmst"), "--topology", "two-tier", "--policy", "first-touch", "--policy", "migrate-on-fault", "--policy", "lru", "--capacity", "fast=25%", "--epoch", "5000"];
    }

    private static void Gen(TempFolder dir, string name, int seed)
    {
        if (!File.Exists(dir.File(name + ".hmst")))
        {
            var run = CliRun.Invoke("trace", "gen", "zipf", "--records", "30000", "--footprint-pages", "3000", "--seed", seed.ToString(), "--out", dir.File(name + ".hmst"));
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        }
    }

    private static List<string> RunIds(string plan)
        => System.Text.RegularExpressions.Regex.Matches(plan, @"\b[0-9a-f]{16}\b").Select(m => m.Value).ToList();
}
