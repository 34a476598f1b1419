using HmsTrace.Replay.Pipeline;

namespace HmsTrace.Replay.Sweep;

/// <summary>A policy of a sweep, with parameters fixed for it (merged with each grid point).</summary>
/// <param name="Source">The policy.</param>
/// <param name="Parameters">Parameters this policy always gets; none may also be a grid axis.</param>
public sealed record SweepPolicy(PolicySource Source, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>A policy without fixed parameters.</summary>
    public SweepPolicy(PolicySource source)
        : this(source, new Dictionary<string, string>(StringComparer.Ordinal))
    {
    }
}
