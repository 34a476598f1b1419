using System.Collections.Immutable;
using HmsTrace.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HmsTrace.Analyzers.Rules;

/// <summary>
/// HMS0009: catch clauses that could catch the engine's stop signal
/// (<c>HmsTrace.Policy.PolicyStopException</c>): untyped catches, <c>Exception</c>,
/// <c>SystemException</c>, the stop exception, any of its base types and any type derived from it.
/// When the API is not referenced the stop exception is assumed to derive from <c>Exception</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HMS0009StopSignalCatchAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticIds.StopSignalCatch,
        "Catch that could swallow the stop signal",
        "{0} could catch the engine's stop signal (HmsTrace.Policy.PolicyStopException); catch only the specific exceptions you expect",
        RuleCategory.Policy,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The engine stops a policy that runs out of fuel by throwing PolicyStopException through it; a catch that can intercept it would let the policy keep running.",
        helpLinkUri: "docs/analyzers/HMS0009.md");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxNodeAction(Analyze, SyntaxKind.CatchClause);
    }

    private static void Analyze(SyntaxNodeAnalysisContext context)
    {
        var clause = (CatchClauseSyntax)context.Node;
        if (clause.Declaration is null)
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, clause.CatchKeyword.GetLocation(), "A catch without an exception type"));
            return;
        }

        if (context.SemanticModel.GetTypeInfo(clause.Declaration.Type, context.CancellationToken).Type is not INamedTypeSymbol caught
            || caught.TypeKind == TypeKind.Error)
        {
            return;
        }

        var stop = context.Compilation.GetTypeByMetadataName(SymbolFacts.PolicyStopExceptionName);
        if (CanCatchStopSignal(caught, stop))
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, clause.Declaration.Type.GetLocation(), "catch (" + caught.ToDisplayString() + ")"));
        }
    }

    private static bool CanCatchStopSignal(INamedTypeSymbol caught, INamedTypeSymbol? stop)
    {
        var name = SymbolFacts.MetadataName(caught);
        if (name is "System.Exception" or "System.SystemException" or "System.Object" or SymbolFacts.PolicyStopExceptionName)
        {
            return true;
        }

        if (stop is null)
        {
            return false;
        }

        for (var current = stop.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, caught))
            {
                return true;
            }
        }

        for (var current = caught.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, stop))
            {
                return true;
            }
        }

        return false;
    }
}
