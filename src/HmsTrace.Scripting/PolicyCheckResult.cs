namespace HmsTrace.Scripting;

/// <summary>The result of checking a script: its diagnostics and, when it passed, the loaded policy.</summary>
/// <param name="Path">The script path as given.</param>
/// <param name="Diagnostics">Errors and warnings, by position.</param>
/// <param name="Script">The loaded policy, or null when an error rejected it.</param>
public sealed record PolicyCheckResult(string Path, IReadOnlyList<PolicyDiagnostic> Diagnostics, PolicyScript? Script)
{
    /// <summary>Whether the script passed every check.</summary>
    public bool Succeeded => Script is not null;
}
