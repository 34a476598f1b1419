using System.Collections.Immutable;
using HmsTrace.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HmsTrace.Analyzers.Rules;

/// <summary>HMS0007: the <c>dynamic</c> type, wherever it is written.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HMS0007DynamicAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticIds.Dynamic,
        "dynamic in a policy",
        "'dynamic' is not available to policies: late binding uses reflection and hides calls from the allow-list; use static types",
        RuleCategory.Policy,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Dynamic binding resolves members at run time through reflection, so no analyzer or IL check can see which APIs a policy calls.",
        helpLinkUri: "docs/analyzers/HMS0007.md");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxNodeAction(
            c =>
            {
                var name = (IdentifierNameSyntax)c.Node;
                if (name.Identifier.ValueText == "dynamic"
                    && (c.SemanticModel.GetSymbolInfo(name, c.CancellationToken).Symbol as ITypeSymbol
                        ?? c.SemanticModel.GetTypeInfo(name, c.CancellationToken).Type) is { TypeKind: TypeKind.Dynamic })
                {
                    c.ReportDiagnostic(Diagnostic.Create(Rule, name.GetLocation()));
                }
            },
            SyntaxKind.IdentifierName);
    }
}
