namespace HmsTrace.Engine;

/// <summary>The policy threw or returned an invalid decision; the message names the hook and the record.</summary>
public sealed class PolicyFaultException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PolicyFaultException(string hook, long recordIndex, string problem, Exception? inner = null)
        : base($"policy fault in {hook} at trace record {recordIndex}: {problem}", inner)
    {
        Hook = hook;
        RecordIndex = recordIndex;
    }

    /// <summary>The hook that faulted.</summary>
    public string Hook { get; }

    /// <summary>The trace record being processed, from 0.</summary>
    public long RecordIndex { get; }
}
