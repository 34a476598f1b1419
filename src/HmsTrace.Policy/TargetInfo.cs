using HmsTrace.Topology;

namespace HmsTrace.Policy;

/// <summary>A target as a policy sees it.</summary>
/// <param name="Id">Index handle.</param>
/// <param name="VersionedId">Versioned identity, like <c>v1-0-target</c>.</param>
/// <param name="Name">Name from the topology.</param>
/// <param name="Kind">Kind of memory.</param>
/// <param name="CapacityBytes">Capacity in bytes.</param>
/// <param name="Usable">Whether the policy declared the target's version.</param>
public sealed record TargetInfo(TargetId Id, string VersionedId, string Name, TargetKind Kind, long CapacityBytes, bool Usable);
