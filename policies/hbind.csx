// hbind: honour the application's placement hints (hbind/mbind-like records in the trace).
//
// A hint asks that a range live on a set of targets. This policy records every hint whose mask
// names a target of the declared versions (later first touches in the range are then placed on
// the hinted target by the engine) and, with `move_populated`, moves the range's already
// populated pages to the first hinted target right away. Hints naming no usable target are
// ignored. Everything else is first touch.
//
// Hooks: OnHint. Parameters:
//   move_populated  migrate populated pages of a hinted range now (default true)
using HmsTrace.Policy;

public sealed class HbindPolicy : PlacementPolicy
{
    private bool _movePopulated = true;

    public override void Initialize(PolicySetup setup)
    {
        _movePopulated = setup.Flag("move_populated", true, "migrate already populated pages of a hinted range to the first hinted target");
    }

    public override HintDecision OnHint(HintContext context)
    {
        var target = FirstUsable(context.Topology, context.RequestedMask);
        if (!target.IsSome)
        {
            return HintDecision.Ignore;
        }

        if (_movePopulated)
        {
            context.Migrate(target);
        }

        return HintDecision.Honour;
    }

    private static TargetId FirstUsable(PolicyTopology topology, ulong mask)
    {
        var targets = topology.Targets;
        for (var t = 0; t < targets.Count && t < 64; t++)
        {
            if ((mask & (1UL << t)) != 0 && targets[t].Usable)
            {
                return targets[t].Id;
            }
        }

        return TargetId.None;
    }
}
