using HmsTrace.Replay.Pipeline;
using HmsTrace.Replay.Sweep;
using HmsTrace.Replay.Tests.Pipeline;

namespace HmsTrace.Replay.Tests.Sweep;

public sealed class SweepPlanTests
{
    [Test]
    public void The_matrix_order_does_not_depend_on_the_order_inputs_are_given_in()
    {
        using var dir = new TempDirectory();
        var spec = SweepFixture.Spec(dir.Path);
        var reversed = spec with { Traces = [.. spec.Traces.Reverse()], Policies = [.. spec.Policies.Reverse()] };

        var a = SweepPlan.Create(spec).Runs.Select(r => r.RunId).ToList();
        var b = SweepPlan.Create(reversed).Runs.Select(r => r.RunId).ToList();

        Assert.That(b, Is.EqualTo(a));
        Assert.That(a, Has.Count.EqualTo(12));
        Assert.That(a, Is.Unique);
    }

    [Test]
    public void Runs_are_ordered_trace_major_with_the_last_axis_fastest()
    {
        using var dir = new TempDirectory();
        var runs = SweepPlan.Create(SweepFixture.Spec(dir.Path)).Runs;

        Assert.That(runs.Select(r => $"{r.TraceName} {r.Policy.Name} {r.ParametersText}").Take(4), Is.EqualTo(new[]
        {
            "a first-touch capacity.fast=10%", "a first-touch capacity.fast=50%", "a lru capacity.fast=10%", "a lru capacity.fast=50%",
        }));
        Assert.That(runs.Select(r => r.Index), Is.EqualTo(Enumerable.Range(0, runs.Count)));
    }

    [TestCase(12, 1)]
    [TestCase(12, 3)]
    [TestCase(12, 5)]
    [TestCase(3, 7)]
    public void Shards_are_contiguous_blocks_that_cover_the_matrix_once(int total, int count)
    {
        var covered = new List<int>();
        for (var i = 1; i <= count; i++)
        {
            var shard = new SweepShard(i, count);
            covered.AddRange(Enumerable.Range(shard.Start(total), shard.End(total) - shard.Start(total)));
            Assert.That(shard.End(total) - shard.Start(total), Is.InRange(total / count, (total / count) + 1));
        }

        Assert.That(covered, Is.EqualTo(Enumerable.Range(0, total)));
    }

    [TestCase("0/3")]
    [TestCase("4/3")]
    [TestCase("1/0")]
    [TestCase("two/3")]
    public void A_malformed_shard_is_an_input_error(string text)
        => Assert.That(() => SweepShard.Parse(text), Throws.TypeOf<InputException>().With.Message.Contains("--shard"));

    [Test]
    public void A_parameter_named_after_a_target_is_a_capacity_axis()
    {
        using var dir = new TempDirectory();
        var spec = SweepFixture.Spec(dir.Path) with { Capacities = [], Parameters = [new SweepAxis("fast", ["10%", "50%"]), new SweepAxis("chunk_pages", ["64"])] };

        var run = SweepPlan.Create(spec).Runs[0];

        Assert.That(run.Capacities.Select(c => c.Target), Is.EqualTo(new[] { "fast" }));
        Assert.That(run.ParametersJson, Is.EqualTo("""{"capacity.fast":"10%","chunk_pages":"64"}"""));
    }

    [Test]
    public void A_capacity_axis_naming_no_target_is_an_input_error()
    {
        using var dir = new TempDirectory();
        var spec = SweepFixture.Spec(dir.Path) with { Capacities = [new SweepAxis("hbm", ["1GiB"])] };

        Assert.That(() => SweepPlan.Create(spec), Throws.TypeOf<InputException>().With.Message.Contains("no target named 'hbm'"));
    }

    [Test]
    public void Without_capacity_axes_a_run_has_the_run_id_a_single_replay_would_have()
    {
        using var dir = new TempDirectory();
        var spec = SweepFixture.Spec(dir.Path) with { Capacities = [] };
        var run = SweepPlan.Create(spec).Runs[0];

        // Record-count epochs: the time epoch does not apply and is 0 in the identity, as in the runs table.
        var expected = RunIdentity.RunId(RunIdentity.FileSha256(run.TracePath), run.TraceName, RunIdentity.FileSha256(run.TopologyPath), run.Policy.Sha256, "{}", 1, 0, 5_000);

        Assert.That(run.RunId, Is.EqualTo(expected));
    }

    [TestCase("25%", 4000L * 4096, 1000L * 4096)]
    [TestCase("0.01%", 4000L * 4096, 4096L)]
    [TestCase("1GiB", 4000L * 4096, 1L << 30)]
    public void Capacity_settings_resolve_against_the_footprint_in_whole_pages(string text, long footprint, long expected)
        => Assert.That(CapacitySetting.Parse("fast", text).Resolve(footprint, 4096), Is.EqualTo(expected));
}
