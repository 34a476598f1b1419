using HmsTrace.Policy;

namespace HmsTrace.Engine.Policies;

/// <summary>The policies written in plain C# inside the engine, by name.</summary>
public static class BuiltInPolicies
{
    /// <summary>Names accepted by <c>--policy</c> without a script file.</summary>
    public static IReadOnlyList<string> Names { get; } = ["first-touch", "migrate-on-fault", "lru", "optimal"];

    /// <summary>Whether the named policy needs the trace's future (a <see cref="NextUseIndex"/> pre-pass).</summary>
    public static bool NeedsNextUse(string name) => name == "optimal";

    /// <summary>
    /// Creates a fresh instance of the named policy, or returns null for an unknown name or for a
    /// policy that needs the trace's future (see <see cref="NeedsNextUse"/>; build those with their index).
    /// </summary>
    public static PlacementPolicy? Create(string name) => name switch
    {
        "first-touch" => new FirstTouchPolicy(),
        "migrate-on-fault" => new MigrateOnFaultPolicy(),
        "lru" => new LruPolicy(),
        _ => null,
    };
}
