using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using HmsTrace.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace HmsTrace.Analyzers.Rules;

/// <summary>
/// HMS0015: each policy file declares exactly one sealed class deriving from
/// <c>HmsTrace.Policy.PlacementPolicy</c>. Every class deriving from it must be sealed; a file with
/// two is reported at the second; a policy file (a script, or a <c>.csx</c> file compiled as
/// regular C#) with none is reported at its first type, or its start.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HMS0015PolicyClassShapeAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticIds.PolicyClassShape,
        "Policy file without exactly one sealed policy class",
        "{0}",
        RuleCategory.Policy,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The loader instantiates the one sealed class deriving from HmsTrace.Policy.PlacementPolicy in each policy file; anything else is ambiguous.",
        helpLinkUri: "docs/analyzers/HMS0015.md");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterSemanticModelAction(Analyze);
    }

    private static void Analyze(SemanticModelAnalysisContext context)
    {
        var model = context.SemanticModel;
        var root = model.SyntaxTree.GetRoot(context.CancellationToken);
        var policies = new List<(INamedTypeSymbol Symbol, TypeDeclarationSyntax Syntax)>();
        TypeDeclarationSyntax? firstType = null;
        foreach (var node in root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
        {
            if (node is not TypeDeclarationSyntax declaration)
            {
                continue;
            }

            firstType ??= declaration;
            if (model.GetDeclaredSymbol(declaration, context.CancellationToken) is INamedTypeSymbol { TypeKind: TypeKind.Class } type
                && SymbolFacts.DerivesFromPlacementPolicy(type))
            {
                policies.Add((type, declaration));
            }
        }

        foreach (var (symbol, syntax) in policies)
        {
            if (!symbol.IsSealed)
            {
                Report(context, syntax.Identifier.GetLocation(), $"Policy class '{symbol.Name}' must be sealed");
            }
        }

        for (var i = 1; i < policies.Count; i++)
        {
            Report(context, policies[i].Syntax.Identifier.GetLocation(),
                $"'{policies[i].Symbol.Name}' is a second policy class in this file (after '{policies[0].Symbol.Name}'); a policy file declares exactly one");
        }

        if (policies.Count == 0 && IsPolicyFile(model.SyntaxTree))
        {
            var location = firstType is not null
                ? firstType.Identifier.GetLocation()
                : Location.Create(model.SyntaxTree, new TextSpan(0, 0));
            Report(context, location, "This policy file declares no sealed class deriving from HmsTrace.Policy.PlacementPolicy");
        }
    }

    private static bool IsPolicyFile(SyntaxTree tree) =>
        tree.Options.Kind == SourceCodeKind.Script
        || tree.FilePath.EndsWith(".csx", StringComparison.OrdinalIgnoreCase);

    private static void Report(SemanticModelAnalysisContext context, Location location, string message) =>
        context.ReportDiagnostic(Diagnostic.Create(Rule, location, message));
}
