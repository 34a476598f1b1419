using System.Collections.Immutable;
using HmsTrace.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HmsTrace.Analyzers.Rules;

/// <summary>HMS0011: <c>#r</c> and <c>#load</c>, in scripts and (as bad directives) in regular files.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HMS0011ScriptDirectiveAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticIds.ScriptDirective,
        "Script directive in a policy",
        "'{0}' is not available to policies: a policy is one self-contained file compiled against the policy API only",
        RuleCategory.Policy,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "#r would reference arbitrary assemblies and #load would pull in unchecked files; a policy is exactly one file.",
        helpLinkUri: "docs/analyzers/HMS0011.md");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxTreeAction(c =>
        {
            foreach (var directive in Directives.Of(c.Tree, c.CancellationToken))
            {
                var name = directive switch
                {
                    ReferenceDirectiveTriviaSyntax => "#r",
                    LoadDirectiveTriviaSyntax => "#load",
                    BadDirectiveTriviaSyntax bad when bad.Identifier.ValueText is "r" or "load" => "#" + bad.Identifier.ValueText,
                    _ => null,
                };
                if (name is not null)
                {
                    c.ReportDiagnostic(Diagnostic.Create(Rule, directive.GetLocation(), name));
                }
            }
        });
    }
}
