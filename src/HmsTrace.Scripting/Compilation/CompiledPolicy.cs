namespace HmsTrace.Scripting.Compilation;

/// <summary>The outcome of compiling and checking a script: the image when it passed, and every diagnostic.</summary>
internal sealed record CompiledPolicy(byte[]? Image, string? PolicyTypeName, IReadOnlyList<PolicyDiagnostic> Diagnostics);
