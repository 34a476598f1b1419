using System.Globalization;

namespace HmsTrace.Scripting;

/// <summary>
/// One finding about a policy script, printed in the compiler's format
/// (<c>file(line,col): error HMS0003: message</c>) so editors and CI parse it.
/// </summary>
/// <param name="File">The script path as the user gave it.</param>
/// <param name="Line">1-based line (1 when the finding has no source location).</param>
/// <param name="Column">1-based column.</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="Id">Diagnostic id: <c>CS…</c> (compiler), <c>HMS00…</c> (analyzers), <c>HMS01…</c> (IL check), <c>HMS0200</c> (loader).</param>
/// <param name="Message">What is wrong and what to do.</param>
/// <param name="Layer">The check that found it.</param>
public sealed record PolicyDiagnostic(string File, int Line, int Column, PolicyDiagnosticSeverity Severity, string Id, string Message, PolicyCheckLayer Layer)
{
    /// <summary>Whether the diagnostic rejects the policy.</summary>
    public bool IsError => Severity == PolicyDiagnosticSeverity.Error;

    /// <inheritdoc />
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{File}({Line},{Column}): {(IsError ? "error" : "warning")} {Id}: {Message}");
}
