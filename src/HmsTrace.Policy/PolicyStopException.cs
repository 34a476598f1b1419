namespace HmsTrace.Policy;

/// <summary>
/// The engine's stop signal: thrown through policy code when it runs out of fuel, nests calls too
/// deeply, asks for an array over the length bound, or otherwise must stop. It names the script
/// file and line; the engine adds the hook and the trace record index. Policies cannot catch it
/// (analyzer HMS0009 and the loader's IL check reject any catch that could) and cannot create it.
/// </summary>
public sealed class PolicyStopException : Exception
{
    internal PolicyStopException(string scriptFile, int line, string reason, Exception? inner = null, bool timeLimit = false)
        : base($"{scriptFile}({line}): {reason}", inner)
    {
        ScriptFile = scriptFile;
        Line = line;
        Reason = reason;
        IsTimeLimit = timeLimit;
    }

    /// <summary>The policy script's file name.</summary>
    public string ScriptFile { get; }

    /// <summary>The 1-based line of the script where the policy was stopped (for a plain exception: the last metered line reached).</summary>
    public int Line { get; }

    /// <summary>Why the policy was stopped, without the location.</summary>
    public string Reason { get; }

    /// <summary>
    /// Whether the wall-clock backstop stopped the policy (not its fuel): where that happens depends
    /// on the machine's speed, so such a stop must fail the run rather than let it go on differently.
    /// </summary>
    public bool IsTimeLimit { get; }
}
