namespace HmsTrace.Policy;

/// <summary>An initiator of the bound topology, by index.</summary>
/// <param name="Value">Index into <see cref="PolicyTopology.Initiators"/>.</param>
public readonly record struct InitiatorId(int Value);
