using HmsTrace.Engine.Policies;
using HmsTrace.Engine.Tests.Support;
using static HmsTrace.Engine.Tests.Support.Trace;

namespace HmsTrace.Engine.Tests.Policies;

/// <summary>Policies that keep state per page refuse one access they could not follow page by page.</summary>
public sealed class PerPageLimitTests
{
    [Test]
    public void An_access_too_large_to_follow_page_by_page_is_a_policy_fault_not_a_node_per_page()
    {
        // Found by review (session 12): a damaged record reading 2^60 bytes was placed beyond every
        // capacity on fast, and lru made a node per page until the kernel killed the process.
        var replay = new Replay(Tiny.Machine(fastPages: 4), new LruPolicy());

        var e = Assert.Throws<PolicyFaultException>(() => replay.Run(Read(0, 0, 1UL << 40)))!;

        Assert.That(e.Message, Does.Contain("268,435,456 pages at once").And.Contain("lru keeps state per page"));
    }

    [Test]
    public void A_multi_page_access_below_the_limit_is_followed()
    {
        var replay = new Replay(Tiny.Machine(fastPages: 4), new LruPolicy());

        var totals = replay.Run(Read(0, 0, 64 * PageSize));

        Assert.That(totals.Accesses, Is.EqualTo(64));
    }
}
