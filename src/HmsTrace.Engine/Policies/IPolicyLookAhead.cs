namespace HmsTrace.Engine.Policies;

/// <summary>
/// A built-in policy that takes part in the engine's look-ahead: it starts loading its own state
/// for the accesses a few records ahead, and names the pages it will demote next (an LRU list's
/// tail) so that their range-map entries are being loaded before the demotions need them. Only
/// hints: results never depend on them.
/// </summary>
internal interface IPolicyLookAhead
{
    /// <summary>
    /// Prefetches the policy's state for an access to <paramref name="page"/> of process
    /// <paramref name="pid"/> that comes a few records from now; <paramref name="step"/> 1 is the
    /// farthest, then 2 and 3, each called when the previous step's loads have had time to arrive.
    /// </summary>
    void PrefetchAccess(uint pid, ulong page, int step);

    /// <summary>Names the next victims through <paramref name="engine"/>'s <see cref="ReplayEngine.PrefetchVictim"/>.</summary>
    void LookAhead(ReplayEngine engine);
}
