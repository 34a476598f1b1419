using System.Collections.Immutable;
using HmsTrace.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HmsTrace.Analyzers.Rules;

/// <summary>
/// HMS0008: direct and indirect recursion over the compilation's own methods, accessors,
/// operators, constructors, local functions and lambdas (see <see cref="CallGraph"/>). Reported
/// at every call site inside a cycle.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HMS0008RecursionAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticIds.Recursion,
        "Recursion in a policy",
        "This call from '{0}' to '{1}' is part of a recursive cycle; policies may not recurse, use a loop with an explicit stack or queue",
        RuleCategory.Policy,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Recursion depth depends on the data, so a policy could exhaust the engine's stack, which cannot be caught; loops are metered by fuel instead.",
        helpLinkUri: "docs/analyzers/HMS0008.md",
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        CallGraph.Register(context, (graph, end) =>
        {
            foreach (var (site, caller, callee) in graph.RecursiveCalls())
            {
                end.ReportDiagnostic(Diagnostic.Create(Rule, site, caller, callee));
            }
        });
    }
}
