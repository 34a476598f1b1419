namespace HmsTrace.Engine;

/// <summary>What a replay does when its policy faults.</summary>
public enum PolicyFaultMode
{
    /// <summary>Stop with an error naming the hook and record.</summary>
    Fail,

    /// <summary>Record the fault and continue with the default (first-touch) policy.</summary>
    Fallback,
}
