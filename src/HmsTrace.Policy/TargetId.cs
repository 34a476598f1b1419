namespace HmsTrace.Policy;

/// <summary>A target of the bound topology, by index; <see cref="None"/> means "no target".</summary>
/// <param name="Value">Index into <see cref="PolicyTopology.Targets"/>, or -1.</param>
public readonly record struct TargetId(int Value)
{
    /// <summary>No target: for a placement, "use the default"; for a hint, "no preference".</summary>
    public static TargetId None { get; } = new(-1);

    /// <summary>Whether this names a target.</summary>
    public bool IsSome => Value >= 0;
}
