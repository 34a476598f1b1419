namespace HmsTrace.Engine.Policies;

/// <summary>
/// A built-in policy that knows which pages it will demote next (an LRU list's tail) and tells the
/// engine after each pressure hook, so that their range-map entries are being loaded before the
/// demotions need them. Only a hint: results never depend on it.
/// </summary>
internal interface IVictimLookAhead
{
    /// <summary>Names the next victims through <paramref name="engine"/>'s <see cref="ReplayEngine.PrefetchVictim"/>.</summary>
    void LookAhead(ReplayEngine engine);
}
