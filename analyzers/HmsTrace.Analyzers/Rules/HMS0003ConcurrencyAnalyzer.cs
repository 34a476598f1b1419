using System.Collections.Immutable;
using HmsTrace.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HmsTrace.Analyzers.Rules;

/// <summary>
/// HMS0003: <c>async</c>, <c>await</c>, <c>lock</c> and <c>volatile</c>. Thread, task and
/// synchronisation types are outside the allow-list (HMS0001); this rule covers the keywords.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HMS0003ConcurrencyAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticIds.Concurrency,
        "Concurrency in a policy",
        "'{0}' is not available to policies: hooks are called synchronously on one thread, so write straight-line code",
        RuleCategory.Policy,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The engine calls hooks synchronously on one thread and meters them with fuel; asynchronous code and synchronisation would run outside that control and make replays nondeterministic.",
        helpLinkUri: "docs/analyzers/HMS0003.md");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxTreeAction(c =>
        {
            foreach (var token in c.Tree.GetRoot(c.CancellationToken).DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.AsyncKeyword) || token.IsKind(SyntaxKind.AwaitKeyword)
                    || token.IsKind(SyntaxKind.LockKeyword) || token.IsKind(SyntaxKind.VolatileKeyword))
                {
                    c.ReportDiagnostic(Diagnostic.Create(Rule, token.GetLocation(), token.ValueText));
                }
            }
        });
    }
}
