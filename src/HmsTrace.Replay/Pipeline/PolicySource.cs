using HmsTrace.Policy;

namespace HmsTrace.Replay.Pipeline;

/// <summary>
/// A policy ready to instantiate: its name (the <c>policy=</c> partition), the content hash that
/// identifies it in the <c>runs</c> table, and a factory (one fresh instance per replay).
/// </summary>
/// <param name="Name">Policy name, for example <c>lru</c>.</param>
/// <param name="Sha256">Lowercase hex SHA-256 of what defines the policy (script source, or built-in name and engine version).</param>
/// <param name="Create">Creates a new policy instance.</param>
public sealed record PolicySource(string Name, string Sha256, Func<PlacementPolicy> Create);
