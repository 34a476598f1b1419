namespace HmsTrace.Scripting;

/// <summary>How serious a <see cref="PolicyDiagnostic"/> is.</summary>
public enum PolicyDiagnosticSeverity
{
    /// <summary>Reported; the policy still loads.</summary>
    Warning = 0,

    /// <summary>The policy is rejected.</summary>
    Error = 1,
}
