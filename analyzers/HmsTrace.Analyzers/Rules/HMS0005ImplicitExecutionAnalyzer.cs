using System.Collections.Immutable;
using HmsTrace.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HmsTrace.Analyzers.Rules;

/// <summary>HMS0005: static constructors, finalizers and <c>[ModuleInitializer]</c> methods.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HMS0005ImplicitExecutionAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticIds.ImplicitExecution,
        "Code that runs outside the hooks",
        "{0} runs when the runtime decides, outside any hook and its fuel budget; initialise in the constructor or Initialize",
        RuleCategory.Policy,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Static constructors, finalizers and module initializers run at times the runtime chooses (on load, on first use, on the finalizer thread), outside the engine's metering and fault handling.",
        helpLinkUri: "docs/analyzers/HMS0005.md");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterSymbolAction(
            c =>
            {
                var method = (IMethodSymbol)c.Symbol;
                if (method.IsImplicitlyDeclared || method.Locations.Length == 0 || !method.Locations[0].IsInSource)
                {
                    return;
                }

                var what = method.MethodKind switch
                {
                    MethodKind.StaticConstructor => "The static constructor of '" + method.ContainingType.Name + "'",
                    MethodKind.Destructor => "The finalizer of '" + method.ContainingType.Name + "'",
                    _ => null,
                };
                if (what is not null)
                {
                    c.ReportDiagnostic(Diagnostic.Create(Rule, method.Locations[0], what));
                }
            },
            SymbolKind.Method);
        context.RegisterSyntaxNodeAction(
            c =>
            {
                var attribute = (AttributeSyntax)c.Node;
                if (c.SemanticModel.GetSymbolInfo(attribute, c.CancellationToken).Symbol is IMethodSymbol { ContainingType: { } type }
                    && SymbolFacts.MetadataName(type) == AttributeRouting.ModuleInitializer)
                {
                    c.ReportDiagnostic(Diagnostic.Create(Rule, attribute.Name.GetLocation(), "A [ModuleInitializer] method"));
                }
            },
            SyntaxKind.Attribute);
    }
}
