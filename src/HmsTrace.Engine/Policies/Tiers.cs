using HmsTrace.Policy;

namespace HmsTrace.Engine.Policies;

/// <summary>
/// Where the built-in cache policies (<see cref="LruPolicy"/>, <see cref="OptimalPolicy"/>) move a
/// full target's victims: every initiator's best target is a cache of its own, so a target's
/// demotions follow the preference order of the initiator whose best target it is.
/// </summary>
internal static class Tiers
{
    /// <summary>
    /// The target after <paramref name="full"/> in the preference order of the first initiator whose
    /// best target it is (else of the first initiator); none when it is last.
    /// </summary>
    public static TargetId Demotion(PolicyTopology topology, TargetId full)
    {
        var owner = 0;
        for (var i = 0; i < topology.Initiators.Count; i++)
        {
            if (topology.BestTarget(new InitiatorId(i)) == full)
            {
                owner = i;
                break;
            }
        }

        var order = topology.PreferenceOrder(new InitiatorId(owner));
        for (var i = 0; i < order.Count; i++)
        {
            if (order[i] == full.Value)
            {
                return i + 1 < order.Count ? new TargetId(order[i + 1]) : TargetId.None;
            }
        }

        return order.Count > 1 ? new TargetId(order[1]) : TargetId.None;
    }

    /// <summary>Whether <paramref name="target"/> is some initiator's best target (a cache the policies keep).</summary>
    public static bool IsSomeonesBest(PolicyTopology topology, TargetId target)
    {
        for (var i = 0; i < topology.Initiators.Count; i++)
        {
            if (topology.BestTarget(new InitiatorId(i)) == target)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The pages a pressure hook must free on its target: <see cref="PressureContext.NeededBytes"/>
    /// is the whole request, and the pages already free count toward it.
    /// </summary>
    public static long Shortfall(in PressureContext context)
    {
        var pageBytes = context.Topology.PageSizeBytes;
        return ((context.NeededBytes + pageBytes - 1) / pageBytes) - (context.FreeBytes(context.Target) / pageBytes);
    }

    /// <summary>The most pages one access may touch under a policy that keeps state per page (256 GiB of 4 KiB pages).</summary>
    public const ulong MaxPagesPerAccess = 1UL << 26;

    /// <summary>
    /// Stops a per-page policy before an access it could not follow: a damaged record (a read of
    /// 2^60 bytes) made <c>lru</c> create a node per page until the kernel killed the process.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static void CheckPerPage(in AccessContext context, string policy)
    {
        if (context.EndPage - context.StartPage > MaxPagesPerAccess)
        {
            TooLarge(context.EndPage - context.StartPage, policy);
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void TooLarge(ulong pages, string policy)
        => throw new InvalidOperationException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"the access touches {pages:N0} pages at once; {policy} keeps state per page and follows at most {MaxPagesPerAccess:N0} in one access. Check the trace: `hmstrace trace info` lists its largest ranges"));
}
