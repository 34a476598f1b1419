using HmsTrace.Policy;

namespace HmsTrace.Engine.Tests.Support;

/// <summary>
/// A policy whose decisions a test writes down in advance: where first touches go, what to do with
/// hints, and which migrations to request at which epoch tick. It records the notifications it gets.
/// </summary>
internal sealed class ScriptedPolicy : PlacementPolicy
{
    /// <summary>Target every first touch asks for, or null for the engine's default.</summary>
    public int? FirstTouchTarget { get; init; }

    public HintDecision Hints { get; init; } = HintDecision.Honour;

    /// <summary>Migrations requested at the tick of each epoch: (process, start page, end page, target).</summary>
    public Dictionary<long, (uint Pid, ulong Start, ulong End, int Target)[]> EpochMigrations { get; init; } = [];

    public List<UnmapContext> Unmaps { get; } = [];

    public List<UnmapContext> Remaps { get; } = [];

    public List<bool> EpochMigrationResults { get; } = [];

    public override bool WantsNonLocalAccess => false;

    public override TargetId OnFirstTouch(FirstTouchContext context)
        => FirstTouchTarget is { } t ? new TargetId(t) : context.DefaultTarget;

    public override HintDecision OnHint(HintContext context) => Hints;

    public override void OnEpoch(EpochContext context)
    {
        if (EpochMigrations.TryGetValue(context.Epoch, out var requests))
        {
            foreach (var (pid, start, end, target) in requests)
            {
                EpochMigrationResults.Add(context.Migrate(pid, start, end, new TargetId(target)));
            }
        }
    }

    public override void OnUnmap(UnmapContext context) => Unmaps.Add(context);

    public override void OnRemap(UnmapContext context) => Remaps.Add(context);
}
