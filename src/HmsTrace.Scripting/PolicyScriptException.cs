namespace HmsTrace.Scripting;

/// <summary>A policy script was rejected; <see cref="Diagnostics"/> says why, one line each.</summary>
public sealed class PolicyScriptException : Exception
{
    /// <summary>Creates the exception from the rejecting check's diagnostics.</summary>
    public PolicyScriptException(string path, IReadOnlyList<PolicyDiagnostic> diagnostics)
        : base($"policy {path} was rejected:{Environment.NewLine}{string.Join(Environment.NewLine, diagnostics)}")
    {
        Path = path;
        Diagnostics = diagnostics;
    }

    /// <summary>The script path.</summary>
    public string Path { get; }

    /// <summary>All diagnostics, errors and warnings.</summary>
    public IReadOnlyList<PolicyDiagnostic> Diagnostics { get; }
}
