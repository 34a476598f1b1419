using System.Collections.Immutable;
using HmsTrace.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HmsTrace.Analyzers.Rules;

/// <summary>
/// HMS0014: in a class deriving from <c>HmsTrace.Policy.PlacementPolicy</c>, a method named like a
/// hook that does not override the hook (<c>new</c>, missing <c>override</c>, wrong parameters).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HMS0014HookSignatureAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticIds.HookSignature,
        "Hook that does not override the policy API",
        "'{0}' is named like a policy hook but does not override PlacementPolicy.{0}, so the engine never calls it; declare it 'public override' with the hook's exact parameters",
        RuleCategory.Policy,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A hook with the wrong signature compiles but is silently never called; the policy would then run on the base behaviour.",
        helpLinkUri: "docs/analyzers/HMS0014.md");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterSymbolAction(
            c =>
            {
                var method = (IMethodSymbol)c.Symbol;
                if (method.MethodKind == MethodKind.Ordinary
                    && !method.IsImplicitlyDeclared
                    && SymbolFacts.AllHooks.Contains(method.Name)
                    && method.ContainingType is { } type
                    && SymbolFacts.DerivesFromPlacementPolicy(type)
                    && SymbolFacts.OverriddenHook(method) is null
                    && method.Locations.Length > 0)
                {
                    c.ReportDiagnostic(Diagnostic.Create(Rule, method.Locations[0], method.Name));
                }
            },
            SymbolKind.Method);
    }
}
