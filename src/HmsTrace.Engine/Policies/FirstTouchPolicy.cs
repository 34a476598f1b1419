using HmsTrace.Policy;

namespace HmsTrace.Engine.Policies;

/// <summary>
/// First-touch placement: a page lives where its first toucher's best target is, falling back
/// along that initiator's preference list when full; nothing ever migrates. The base class's
/// defaults, named.
/// </summary>
public sealed class FirstTouchPolicy : PlacementPolicy
{
    /// <inheritdoc />
    public override bool WantsNonLocalAccess => false;
}
