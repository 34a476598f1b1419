using System.Collections.Immutable;
using HmsTrace.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HmsTrace.Analyzers.Rules;

/// <summary>HMS0010: every exception filter (<c>catch (...) when (...)</c>).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HMS0010ExceptionFilterAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticIds.ExceptionFilter,
        "Exception filter in a policy",
        "Exception filters are not available to policies: they run before the stack unwinds, while the engine is stopping the policy; test the condition inside the catch block",
        RuleCategory.Policy,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A filter runs during the first pass of exception handling, before finally blocks, even for the engine's stop signal; it can observe or delay a stop and its side effects escape the fuel accounting.",
        helpLinkUri: "docs/analyzers/HMS0010.md");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxNodeAction(c => c.ReportDiagnostic(Diagnostic.Create(Rule, c.Node.GetLocation())), SyntaxKind.CatchFilterClause);
    }
}
