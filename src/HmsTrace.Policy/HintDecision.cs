namespace HmsTrace.Policy;

/// <summary>What a policy did with a hint; the engine records the hint mask on the range only when honoured.</summary>
public enum HintDecision
{
    /// <summary>Ignore the hint: nothing is recorded or moved.</summary>
    Ignore = 0,

    /// <summary>Record the hint on the range: later first touches in it are placed on the hinted targets.</summary>
    Honour = 1,
}
