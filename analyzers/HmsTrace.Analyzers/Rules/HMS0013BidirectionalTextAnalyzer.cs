using System.Collections.Immutable;
using System.Globalization;
using HmsTrace.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace HmsTrace.Analyzers.Rules;

/// <summary>
/// HMS0013: Unicode bidirectional control characters anywhere in the file (U+061C, U+200E, U+200F,
/// U+202A–U+202E, U+2066–U+2069), the "Trojan Source" attack (CVE-2021-42574).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HMS0013BidirectionalTextAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticIds.BidirectionalText,
        "Bidirectional control character",
        "The bidirectional control character U+{0} can make code read differently from how it compiles; remove it",
        RuleCategory.Policy,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Bidirectional overrides, embeddings, isolates and marks reorder how text is displayed, so a reviewer can see different code from what the compiler reads (Trojan Source).",
        helpLinkUri: "docs/analyzers/HMS0013.md");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <summary>Whether <paramref name="c"/> is one of the characters this rule reports.</summary>
    internal static bool IsBidirectionalControl(char c) =>
        c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxTreeAction(c =>
        {
            var text = c.Tree.GetText(c.CancellationToken);
            for (var i = 0; i < text.Length; i++)
            {
                if (IsBidirectionalControl(text[i]))
                {
                    c.ReportDiagnostic(Diagnostic.Create(Rule, Location.Create(c.Tree, new TextSpan(i, 1)),
                        ((int)text[i]).ToString("X4", CultureInfo.InvariantCulture)));
                }
            }
        });
    }
}
