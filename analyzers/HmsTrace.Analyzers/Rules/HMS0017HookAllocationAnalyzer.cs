using System.Collections.Immutable;
using HmsTrace.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HmsTrace.Analyzers.Rules;

/// <summary>
/// HMS0017 (warning): the allocations of HMS0016 in the per-event hooks (OnHint, OnEpoch,
/// OnPressure, OnUnmap, OnRemap) or functions only they reach.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HMS0017HookAllocationAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticIds.HookAllocation,
        "Allocation in a hook",
        "{0} allocates in the hook '{1}'; prefer buffers allocated in the constructor or Initialize",
        RuleCategory.Policy,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Per-event hooks run far less often than per-access hooks, so allocation there is allowed but shows up in replay time; reuse buffers where you can.",
        helpLinkUri: "docs/analyzers/HMS0017.md",
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
            foreach (var (site, what, hook) in graph.Allocations(HookKind.Other))
            {
                end.ReportDiagnostic(Diagnostic.Create(Rule, site, what, hook));
            }
        });
    }
}
