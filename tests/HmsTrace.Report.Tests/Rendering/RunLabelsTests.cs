using HmsTrace.Report.Rendering;

namespace HmsTrace.Report.Tests.Rendering;

/// <summary>Run labels name the inputs that tell runs apart, and only those.</summary>
[TestFixture]
public sealed class RunLabelsTests
{
    private static readonly string HashA = new('a', 64);
    private static readonly string HashB = new('b', 64);
    private static readonly string HashC = new('c', 64);

    [Test]
    public void Runs_of_two_trace_files_with_one_name_are_told_apart_by_the_files_hash()
    {
        var labels = RunLabels.For([Run("1", "lru", trace: HashA), Run("2", "lru", trace: HashB), Run("3", "optimal", trace: HashA)]);

        Assert.That(labels["1"], Is.EqualTo("lru · trace aaaaaaaa"));
        Assert.That(labels["2"], Is.EqualTo("lru · trace bbbbbbbb"));
        Assert.That(labels["3"], Is.EqualTo("optimal · trace aaaaaaaa"));
    }

    [Test]
    public void A_topology_name_that_stands_for_two_files_shows_their_hashes_even_beside_other_topologies()
    {
        var labels = RunLabels.For([
            Run("1", "lru", topology: "two-tier", topologyHash: HashA),
            Run("2", "lru", topology: "two-tier", topologyHash: HashB),
            Run("3", "lru", topology: "dram-cxl", topologyHash: HashC),
        ]);

        Assert.That(labels["1"], Is.EqualTo("lru · two-tier · topology aaaaaaaa"));
        Assert.That(labels["2"], Is.EqualTo("lru · two-tier · topology bbbbbbbb"));
        Assert.That(labels["3"], Is.EqualTo("lru · dram-cxl"), "one file per name: the name is enough");
    }

    [Test]
    public void Inputs_all_runs_share_are_left_out()
    {
        var labels = RunLabels.For([Run("1", "lru"), Run("2", "first-touch")]);

        Assert.That(labels["1"], Is.EqualTo("lru"));
        Assert.That(labels["2"], Is.EqualTo("first-touch"));
    }

    private static RunSummary Run(string id, string policy, string trace = "", string topology = "two-tier", string topologyHash = "")
        => new() { RunId = id, Trace = "zipf", TraceSha256 = trace.Length > 0 ? trace : HashA, Policy = policy, Topology = topology, TopologySha256 = topologyHash.Length > 0 ? topologyHash : HashA };
}
