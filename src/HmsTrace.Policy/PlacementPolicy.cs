namespace HmsTrace.Policy;

/// <summary>
/// The base of every placement policy (the "driver" that decides where ranges live). Override the
/// hooks you need; the defaults reproduce first-touch placement with fallback along the
/// initiator's preference list, honouring hints, and no migrations. One instance serves one replay
/// and is called from one thread.
/// </summary>
public abstract class PlacementPolicy
{
    /// <summary>Topology object versions this policy understands (default: version 1 only).</summary>
    public virtual IReadOnlyList<int> ObjectVersions => [1];

    /// <summary>Whether <see cref="OnAccess"/> is called for every access (it costs time; off by default). Read once, when the replay starts.</summary>
    public virtual bool WantsEveryAccess => false;

    /// <summary>Whether <see cref="OnNonLocalAccess"/> is called on misses (default true). Read once, when the replay starts.</summary>
    public virtual bool WantsNonLocalAccess => true;

    /// <summary>Called once before the first record, with the topology and the run's parameters.</summary>
    public virtual void Initialize(PolicySetup setup)
    {
    }

    /// <summary>Chooses where newly touched pages go; <see cref="TargetId.None"/> means the default.</summary>
    public virtual TargetId OnFirstTouch(FirstTouchContext context) => context.DefaultTarget;

    /// <summary>An access served from a target that is not the initiator's best; may migrate synchronously.</summary>
    public virtual void OnNonLocalAccess(AccessContext context)
    {
    }

    /// <summary>Every access (only when <see cref="WantsEveryAccess"/>).</summary>
    public virtual void OnAccess(AccessContext context)
    {
    }

    /// <summary>An application hint: honour (record it) or ignore it; may migrate.</summary>
    public virtual HintDecision OnHint(HintContext context) => HintDecision.Honour;

    /// <summary>End of an epoch: look at range statistics and request migrations.</summary>
    public virtual void OnEpoch(EpochContext context)
    {
    }

    /// <summary>A target is full: demote victims and say what to do next.</summary>
    public virtual PressureDecision OnPressure(PressureContext context) => PressureDecision.FallBack;

    /// <summary>A range was unmapped.</summary>
    public virtual void OnUnmap(UnmapContext context)
    {
    }

    /// <summary>A range was moved by mremap.</summary>
    public virtual void OnRemap(UnmapContext context)
    {
    }
}
