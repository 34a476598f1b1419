using Microsoft.CodeAnalysis;

namespace HmsTrace.Analyzers.Analysis;

/// <summary>Which rule an API use belongs to.</summary>
internal enum ApiFindingKind
{
    /// <summary>Outside the allow-list (HMS0001).</summary>
    Forbidden,

    /// <summary>Time, randomness, hashing, transcendental floating point (HMS0006).</summary>
    Nondeterministic,
}

/// <summary>One disallowed API use: what it is and why.</summary>
internal readonly struct ApiFinding
{
    public ApiFinding(ApiFindingKind kind, string name, string reason)
    {
        Kind = kind;
        Name = name;
        Reason = reason;
    }

    public ApiFindingKind Kind { get; }

    /// <summary>Display name: <c>System.IO.File</c> or <c>System.IO.File.ReadAllText</c>.</summary>
    public string Name { get; }

    public string Reason { get; }

    public Diagnostic ToDiagnostic(DiagnosticDescriptor rule, Location location) =>
        Diagnostic.Create(rule, location, Name, Reason);
}
