using HmsTrace.Report.Tests.Infrastructure;

namespace HmsTrace.Report.Tests;

/// <summary>
/// A dataset written before engine 0.4.0 can hold one run_id in two trace partitions (the same
/// trace bytes under two names). Found by review (session 12): the report kept one of the two runs
/// and added both partitions' epochs and migrations to it, doubling its ping-pongs and accesses.
/// </summary>
[TestFixture]
public sealed class SharedRunIdTests
{
    [Test]
    public void The_same_run_id_in_two_trace_partitions_is_two_runs_each_with_its_own_rows()
    {
        using var dir = new TempDirectory();
        var root = dir.File("results");
        foreach (var file in Directory.GetFiles(Datasets.Single, "*.parquet", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Datasets.Single, file);
            foreach (var name in new[] { "pingpong", "pingpong-copy" })
            {
                var copy = Path.Combine(root, relative.Replace("trace=pingpong", "trace=" + name, StringComparison.Ordinal));
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(file, copy);
            }
        }

        var dataset = ResultDataset.Load(root);

        Assert.That(dataset.Runs.Select(r => r.Trace), Is.EqualTo(new[] { "pingpong", "pingpong-copy" }));
        Assert.That(dataset.Runs.Select(r => r.RunId).Distinct().Count(), Is.EqualTo(1), "one id in two partitions, as such datasets hold");
        foreach (var run in dataset.Runs)
        {
            var data = dataset.DataOf(run);
            Assert.That(run.PingPongs, Is.GreaterThan(0), "the sample has ping-pongs");
            Assert.That(data.Migrations.Values.Sum(m => m.PingPongs), Is.EqualTo(run.PingPongs), run.Trace);
            Assert.That(data.Epochs.Values.Sum(e => e.Accesses), Is.EqualTo(run.Accesses), run.Trace);
        }

        Assert.That(HtmlReport.Render(dataset), Does.Contain("pingpong-copy").And.Contain("2 runs"));
    }
}
