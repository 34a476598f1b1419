using HmsTrace.Topology;

namespace HmsTrace.Policy;

/// <summary>An initiator as a policy sees it.</summary>
/// <param name="Id">Index handle.</param>
/// <param name="VersionedId">Versioned identity, like <c>v1-0-initiator</c>.</param>
/// <param name="Name">Name from the topology (trace records use it).</param>
/// <param name="Kind">CPU, GPU or accelerator.</param>
/// <param name="Usable">Whether the policy declared the initiator's version.</param>
public sealed record InitiatorInfo(InitiatorId Id, string VersionedId, string Name, InitiatorKind Kind, bool Usable);
