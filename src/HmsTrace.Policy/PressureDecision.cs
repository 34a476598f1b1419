namespace HmsTrace.Policy;

/// <summary>What to do after the pressure hook.</summary>
public enum PressureDecision
{
    /// <summary>Try the next target in the initiator's preference list (the default).</summary>
    FallBack = 0,

    /// <summary>Try the same target again (the hook demoted victims).</summary>
    Retry = 1,

    /// <summary>Give up: a placement goes to the fallback anyway, a migration fails with "no capacity".</summary>
    Fail = 2,
}
