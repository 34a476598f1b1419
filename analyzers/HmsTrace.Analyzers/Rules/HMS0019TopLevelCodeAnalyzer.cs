using System.Collections.Immutable;
using HmsTrace.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HmsTrace.Analyzers.Rules;

/// <summary>
/// HMS0019: statements, methods, fields and properties outside a type declaration (script
/// top-level code, or top-level statements in a regular file).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HMS0019TopLevelCodeAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticIds.TopLevelCode,
        "Code outside the policy class",
        "A policy file holds using directives and type declarations only; move this {0} into the policy class",
        RuleCategory.Policy,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Top-level script code runs when the script is loaded, outside any hook, its fuel budget and fault handling.",
        helpLinkUri: "docs/analyzers/HMS0019.md");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxTreeAction(c =>
        {
            if (c.Tree.GetRoot(c.CancellationToken) is not CompilationUnitSyntax unit)
            {
                return;
            }

            foreach (var member in unit.Members)
            {
                var (what, location) = member switch
                {
                    GlobalStatementSyntax statement => ("statement", statement.GetLocation()),
                    MethodDeclarationSyntax method => ("method", method.Identifier.GetLocation()),
                    PropertyDeclarationSyntax property => ("property", property.Identifier.GetLocation()),
                    BaseFieldDeclarationSyntax field => ("field", field.Declaration.Variables[0].Identifier.GetLocation()),
                    _ => (null, null),
                };
                if (what is not null && location is not null)
                {
                    c.ReportDiagnostic(Diagnostic.Create(Rule, location, what));
                }
            }
        });
    }
}
