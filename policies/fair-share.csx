// fair-share: per-process quotas on scarce device memory (GPU, HBM).
//
// Each process may hold at most `share_permille` / 1000 of every scarce target (default: an
// equal share among `processes`). A first touch that would push its process over the quota on
// the scarce target it would land on goes to the next target of the initiator's preference order
// instead. At every epoch a process over its quota (after migrations or hints) has its least
// accessed ranges on the scarce target demoted until it fits. Non-scarce targets are unlimited.
//
// Hooks: OnFirstTouch, OnEpoch. Parameters: processes, share_permille, scarce_kinds.
using HmsTrace.Policy;
using HmsTrace.Topology;

public sealed class FairSharePolicy : PlacementPolicy
{
    private long _sharePermille = 500;
    private bool _gpuOnly = true;

    public override void Initialize(PolicySetup setup)
    {
        var processes = setup.Int("processes", 2, 1, 4096, "processes expected to share each scarce target (sets the default share)");
        _sharePermille = setup.Int("share_permille", 1000 / processes, 1, 1000, "each process's share of a scarce target, per mille (default 1000 / processes)");
        _gpuOnly = setup.Text("scarce_kinds", "gpu-hbm", "which targets are scarce: gpu-hbm (GPU and HBM kinds) or all") != "all";
    }

    public override TargetId OnFirstTouch(FirstTouchContext context)
    {
        var target = context.DefaultTarget;
        var bytes = (long)(context.EndPage - context.StartPage) * context.Topology.PageSizeBytes;
        var order = context.Topology.PreferenceOrder(context.Initiator);
        var passed = false;
        for (var i = 0; i < order.Count; i++)
        {
            var candidate = new TargetId(order[i]);
            if (!passed && candidate != target)
            {
                continue;
            }

            passed = true;
            if (!IsScarce(context.Topology, candidate) || context.UsedBytes(context.ProcessId, candidate) + bytes <= Quota(context.Topology, candidate))
            {
                return candidate;
            }
        }

        return target;
    }

    public override void OnEpoch(EpochContext context)
    {
        var topology = context.Topology;
        for (var i = 0; i < context.RangeCount; i++)
        {
            var r = context.Range(i);
            if (!r.Target.IsSome || r.PinCount > 0 || !IsScarce(topology, r.Target) || r.EpochAccesses > 0)
            {
                continue;
            }

            if (context.UsedBytes(r.ProcessId, r.Target) > Quota(topology, r.Target))
            {
                var to = Next(topology, r.Target);
                if (to.IsSome)
                {
                    context.Migrate(r.ProcessId, r.StartPage, r.EndPage, to);
                }
            }
        }
    }

    private bool IsScarce(PolicyTopology topology, TargetId target)
    {
        var kind = topology.Targets[target.Value].Kind;
        return !_gpuOnly || kind == TargetKind.Gpu || kind == TargetKind.Hbm;
    }

    private long Quota(PolicyTopology topology, TargetId target) =>
        IntMath.MulDiv(topology.Targets[target.Value].CapacityBytes, _sharePermille, 1000);

    private static TargetId Next(PolicyTopology topology, TargetId current)
    {
        var order = topology.PreferenceOrder(new InitiatorId(0));
        for (var i = 0; i + 1 < order.Count; i++)
        {
            if (order[i] == current.Value)
            {
                return new TargetId(order[i + 1]);
            }
        }

        return order.Count > 0 && order[0] != current.Value ? new TargetId(order[0]) : TargetId.None;
    }
}
