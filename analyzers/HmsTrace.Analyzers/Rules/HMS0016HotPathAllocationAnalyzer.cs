using System.Collections.Immutable;
using HmsTrace.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HmsTrace.Analyzers.Rules;

/// <summary>
/// HMS0016: allocation (reference-type <c>new</c>, arrays, collection expressions, boxing,
/// delegates and lambdas, string concatenation and interpolation, LINQ) in a hot hook or in any
/// function it can reach. Allocations inside a <c>throw</c> are exempt.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HMS0016HotPathAllocationAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticIds.HotPathAllocation,
        "Allocation on a hot hook's path",
        "{0} allocates on the path of the per-access hook '{1}'; allocate in the constructor or Initialize and reuse it",
        RuleCategory.Policy,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Hot hooks run once per trace record (billions of times); an allocation there dominates replay time and makes the garbage collector part of the measurement.",
        helpLinkUri: "docs/analyzers/HMS0016.md",
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
            foreach (var (site, what, hook) in graph.Allocations(HookKind.Hot))
            {
                end.ReportDiagnostic(Diagnostic.Create(Rule, site, what, hook));
            }
        });
    }
}
