using System.Collections.Immutable;
using HmsTrace.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HmsTrace.Analyzers.Rules;

/// <summary>
/// HMS0018 (warning): slow patterns on a hot hook's path: <c>foreach</c> over an interface,
/// <c>Dictionary</c>/<c>HashSet</c> keyed by a struct without <c>IEquatable&lt;T&gt;</c>,
/// calls that allocate a result (<c>ToString</c>, <c>ToArray</c>, string building) and
/// <c>LinkedList.AddX(value)</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HMS0018HotPathSlowPatternAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticIds.HotPathSlowPattern,
        "Slow pattern on a hot hook's path",
        "On the path of the per-access hook '{1}': {0}",
        RuleCategory.Policy,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "These patterns are correct but cost an allocation, interface dispatch or reflection per call; on a per-access hook that multiplies by the trace length.",
        helpLinkUri: "docs/analyzers/HMS0018.md",
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
            foreach (var (site, what, hook) in graph.HotSlowPatterns())
            {
                end.ReportDiagnostic(Diagnostic.Create(Rule, site, what, hook));
            }
        });
    }
}
