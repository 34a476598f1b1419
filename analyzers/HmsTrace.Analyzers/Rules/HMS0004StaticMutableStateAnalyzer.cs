using System.Collections.Immutable;
using HmsTrace.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HmsTrace.Analyzers.Rules;

/// <summary>
/// HMS0004: static fields that are not readonly, static readonly fields of a type that is not
/// deeply immutable (<see cref="SymbolFacts.IsDeeplyImmutable(ITypeSymbol)"/>), static auto-properties
/// with setters, static field-like events, and <c>[ThreadStatic]</c> fields.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HMS0004StaticMutableStateAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticIds.StaticMutableState,
        "Static mutable state in a policy",
        "'{0}' is static mutable state ({1}); keep state in instance fields of the policy, or use a const or a static readonly field of an immutable type",
        RuleCategory.Policy,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Static state outlives a replay and is shared by every policy instance the engine creates, so one run could change the next; state belongs in the policy instance.",
        helpLinkUri: "docs/analyzers/HMS0004.md");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterSymbolAction(Analyze, SymbolKind.Field, SymbolKind.Property, SymbolKind.Event);
    }

    private static void Analyze(SymbolAnalysisContext context)
    {
        var symbol = context.Symbol;
        if (symbol.IsImplicitlyDeclared || symbol.Locations.Length == 0 || !symbol.Locations[0].IsInSource)
        {
            return;
        }

        var reason = symbol switch
        {
            IFieldSymbol field => FieldReason(field),
            IPropertySymbol { IsStatic: true } property when IsAutoProperty(property) =>
                property.SetMethod is not null ? "a settable auto-property"
                : SymbolFacts.IsDeeplyImmutable(property.Type) ? null : "a get-only auto-property of a mutable type",
            IEventSymbol { IsStatic: true } @event when @event.DeclaringSyntaxReferences.Length > 0
                && @event.DeclaringSyntaxReferences[0].GetSyntax(context.CancellationToken) is VariableDeclaratorSyntax => "a field-like event",
            _ => null,
        };
        if (reason is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, symbol.Locations[0], symbol.Name, reason));
        }
    }

    private static string? FieldReason(IFieldSymbol field)
    {
        foreach (var attribute in field.GetAttributes())
        {
            if (attribute.AttributeClass is { } type && SymbolFacts.MetadataName(type) == AttributeRouting.ThreadStatic)
            {
                return "[ThreadStatic]";
            }
        }

        if (!field.IsStatic || field.IsConst)
        {
            return null;
        }

        if (!field.IsReadOnly)
        {
            return "not readonly";
        }

        return SymbolFacts.IsDeeplyImmutable(field.Type) ? null : "readonly, but its type '" + field.Type.ToDisplayString() + "' is mutable";
    }

    private static bool IsAutoProperty(IPropertySymbol property)
    {
        if (property.IsAbstract || property.DeclaringSyntaxReferences.Length == 0
            || property.DeclaringSyntaxReferences[0].GetSyntax() is not PropertyDeclarationSyntax { ExpressionBody: null, AccessorList: { } accessors })
        {
            return false;
        }

        foreach (var accessor in accessors.Accessors)
        {
            if (accessor.Body is not null || accessor.ExpressionBody is not null)
            {
                return false;
            }
        }

        return true;
    }
}
