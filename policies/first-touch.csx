// first-touch: place newly touched pages on the faulting initiator's best target with room,
// falling back along its preference list (the Linux default); never migrate.
//
// Hooks: OnFirstTouch only. Parameters: none.
// The engine's default already does this; the script exists as the smallest complete example.
using HmsTrace.Policy;

public sealed class FirstTouchPolicy : PlacementPolicy
{
    public override TargetId OnFirstTouch(FirstTouchContext context) => context.DefaultTarget;
}
