using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using HmsTrace.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HmsTrace.Analyzers.Rules;

/// <summary>
/// HMS0012: attempts to silence policy diagnostics: <c>#pragma warning disable</c> (or restore) of
/// an HMS id, <c>#pragma warning disable</c> without ids, <c>[SuppressMessage]</c> and
/// <c>[UnconditionalSuppressMessage]</c> targeting an HMS id, and compilation or
/// <c>.editorconfig</c> options that lower an HMS id below error. The suppressed diagnostics are
/// still reported (as suppressed), and the loader rejects a policy with any HMS diagnostic.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HMS0012SuppressionAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticIds.Suppression,
        "Suppression of a policy diagnostic",
        "{0} tries to silence policy diagnostics; HMS diagnostics cannot be suppressed, fix the code instead",
        RuleCategory.Policy,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Policy diagnostics are the sandbox; silencing one would let an unsafe policy load. The loader rejects suppressed HMS diagnostics too.",
        helpLinkUri: "docs/analyzers/HMS0012.md");

    private static readonly string[] SeverityKeys = BuildSeverityKeys();

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxNodeAction(AnalyzeAttribute, SyntaxKind.Attribute);
        context.RegisterCompilationStartAction(start =>
        {
            // Reported on every file rather than at compilation end, so the IDE shows it live.
            var loweredByOptions = LoweredByCompilationOptions(start.Compilation, start.Options);
            start.RegisterSyntaxTreeAction(tree =>
            {
                AnalyzeTree(tree);
                foreach (var setting in loweredByOptions)
                {
                    tree.ReportDiagnostic(Diagnostic.Create(Rule, Location.Create(tree.Tree, default), setting));
                }
            });
        });
    }

    private static void AnalyzeTree(SyntaxTreeAnalysisContext context)
    {
        foreach (var directive in Directives.Of(context.Tree, context.CancellationToken))
        {
            if (directive is not PragmaWarningDirectiveTriviaSyntax pragma)
            {
                continue;
            }

            var disables = pragma.DisableOrRestoreKeyword.IsKind(SyntaxKind.DisableKeyword);
            var mentionsPolicyId = false;
            foreach (var code in pragma.ErrorCodes)
            {
                mentionsPolicyId |= DiagnosticIds.IsPolicyId(code.ToString());
            }

            if (mentionsPolicyId || (disables && pragma.ErrorCodes.Count == 0))
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, pragma.GetLocation(), "'#pragma warning " + pragma.DisableOrRestoreKeyword.ValueText + "'"));
            }
        }

        var options = context.Options.AnalyzerConfigOptionsProvider.GetOptions(context.Tree);
        foreach (var key in SeverityKeys)
        {
            if (options.TryGetValue(key, out var value) && IsLowered(value))
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, Location.Create(context.Tree, default), "'" + key + " = " + value + "'"));
            }
        }
    }

    private static void AnalyzeAttribute(SyntaxNodeAnalysisContext context)
    {
        var attribute = (AttributeSyntax)context.Node;
        if (context.SemanticModel.GetSymbolInfo(attribute, context.CancellationToken).Symbol is not IMethodSymbol { ContainingType: { } type }
            || SymbolFacts.MetadataName(type) is not ("System.Diagnostics.CodeAnalysis.SuppressMessageAttribute"
                or "System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessageAttribute")
            || attribute.ArgumentList is null)
        {
            return;
        }

        var positional = 0;
        foreach (var argument in attribute.ArgumentList.Arguments)
        {
            if (argument.NameEquals is not null)
            {
                continue;
            }

            var isCheckId = argument.NameColon is { } named ? named.Name.Identifier.ValueText == "checkId" : positional == 1;
            positional++;
            if (isCheckId
                && context.SemanticModel.GetConstantValue(argument.Expression, context.CancellationToken) is { HasValue: true, Value: string checkId }
                && DiagnosticIds.IsPolicyId(checkId))
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, attribute.GetLocation(), "[" + type.Name + "(\"" + checkId + "\")]"));
            }
        }
    }

    private static List<string> LoweredByCompilationOptions(Compilation compilation, AnalyzerOptions options)
    {
        var settings = new List<string>();
        foreach (var entry in compilation.Options.SpecificDiagnosticOptions)
        {
            if (DiagnosticIds.IsPolicyId(entry.Key) && entry.Value is not (ReportDiagnostic.Default or ReportDiagnostic.Error))
            {
                settings.Add("The compilation option setting " + entry.Key + " to '" + entry.Value + "'");
            }
        }

        var global = options.AnalyzerConfigOptionsProvider.GlobalOptions;
        foreach (var key in SeverityKeys)
        {
            if (global.TryGetValue(key, out var value) && IsLowered(value))
            {
                settings.Add("The global option '" + key + " = " + value + "'");
            }
        }

        return settings;
    }

    private static bool IsLowered(string severity) =>
        !string.Equals(severity.Trim(), "error", StringComparison.OrdinalIgnoreCase)
        && !string.Equals(severity.Trim(), "default", StringComparison.OrdinalIgnoreCase);

    private static string[] BuildSeverityKeys()
    {
        var keys = new string[DiagnosticIds.All.Count + 2];
        for (var i = 0; i < DiagnosticIds.All.Count; i++)
        {
            keys[i] = "dotnet_diagnostic." + DiagnosticIds.All[i] + ".severity";
        }

        keys[keys.Length - 2] = "dotnet_analyzer_diagnostic.category-" + RuleCategory.Policy + ".severity";
        keys[keys.Length - 1] = "dotnet_analyzer_diagnostic.severity";
        return keys;
    }
}
