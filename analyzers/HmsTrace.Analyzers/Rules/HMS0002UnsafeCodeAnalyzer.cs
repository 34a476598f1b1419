using System.Collections.Immutable;
using HmsTrace.Analyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HmsTrace.Analyzers.Rules;

/// <summary>
/// HMS0002: <c>unsafe</c>, pointers, function pointers, <c>fixed</c>, <c>extern</c>, interop and
/// layout attributes, <c>__makeref</c>/<c>__refvalue</c>/<c>__reftype</c>/<c>__arglist</c>, and
/// <c>stackalloc</c> that is non-constant, over <see cref="MaxStackAllocBytes"/> or inside a loop.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HMS0002UnsafeCodeAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The largest <c>stackalloc</c> a policy may make, in bytes.</summary>
    public const int MaxStackAllocBytes = 1024;

    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticIds.UnsafeCode,
        "Unsafe code in a policy",
        "{0} is not available to policies: {1}",
        RuleCategory.Policy,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Unsafe code, pointers, interop, explicit layout and undocumented reference keywords bypass type and memory safety; large or unbounded stackalloc can overflow the engine's stack.",
        helpLinkUri: "docs/analyzers/HMS0002.md");

    private const string MemoryReason = "it bypasses type and memory safety; use spans and arrays";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxTreeAction(AnalyzeTree);
        context.RegisterSyntaxNodeAction(AnalyzeStackAlloc, SyntaxKind.StackAllocArrayCreationExpression, SyntaxKind.ImplicitStackAllocArrayCreationExpression);
        context.RegisterSyntaxNodeAction(AnalyzeAttribute, SyntaxKind.Attribute);
    }

    private static void AnalyzeTree(SyntaxTreeAnalysisContext context)
    {
        var root = context.Tree.GetRoot(context.CancellationToken);
        foreach (var token in root.DescendantTokens())
        {
            var what = token.Kind() switch
            {
                SyntaxKind.UnsafeKeyword => "'unsafe' code",
                SyntaxKind.FixedKeyword => "'fixed'",
                SyntaxKind.ExternKeyword when token.Parent is not ExternAliasDirectiveSyntax => "'extern' (native code)",
                SyntaxKind.MakeRefKeyword => "'__makeref'",
                SyntaxKind.RefValueKeyword => "'__refvalue'",
                SyntaxKind.RefTypeKeyword => "'__reftype'",
                SyntaxKind.ArgListKeyword => "'__arglist'",
                _ => null,
            };
            if (what is not null)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, token.GetLocation(), what, MemoryReason));
            }
        }

        foreach (var node in root.DescendantNodes())
        {
            if (node is PointerTypeSyntax)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, node.GetLocation(), "A pointer type", MemoryReason));
            }
            else if (node is FunctionPointerTypeSyntax)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, node.GetLocation(), "A function pointer type", MemoryReason));
            }
        }
    }

    private static void AnalyzeAttribute(SyntaxNodeAnalysisContext context)
    {
        var attribute = (AttributeSyntax)context.Node;
        if (context.SemanticModel.GetSymbolInfo(attribute, context.CancellationToken).Symbol is IMethodSymbol { ContainingType: { } type }
            && AttributeRouting.UnsafeAttributes.Contains(SymbolFacts.MetadataName(type)))
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, attribute.Name.GetLocation(), "[" + type.Name + "]",
                "interop and memory layout control bypass type and memory safety"));
        }
    }

    private static void AnalyzeStackAlloc(SyntaxNodeAnalysisContext context)
    {
        var node = context.Node;
        var model = context.SemanticModel;
        ITypeSymbol? elementType;
        long? count;
        if (node is StackAllocArrayCreationExpressionSyntax { Type: ArrayTypeSyntax arrayType } explicitAlloc)
        {
            elementType = model.GetTypeInfo(arrayType.ElementType, context.CancellationToken).Type;
            var size = arrayType.RankSpecifiers.Count > 0 && arrayType.RankSpecifiers[0].Sizes.Count > 0 ? arrayType.RankSpecifiers[0].Sizes[0] : null;
            count = size is null or OmittedArraySizeExpressionSyntax
                ? explicitAlloc.Initializer?.Expressions.Count
                : AsLong(model.GetConstantValue(size, context.CancellationToken));
        }
        else if (node is ImplicitStackAllocArrayCreationExpressionSyntax implicitAlloc)
        {
            var info = model.GetTypeInfo(implicitAlloc, context.CancellationToken);
            elementType = ElementOf(info.ConvertedType) ?? ElementOf(info.Type);
            count = implicitAlloc.Initializer.Expressions.Count;
        }
        else
        {
            return;
        }

        var elementSize = elementType is null ? null : SizeOf(elementType, 0);
        if (IsInLoop(node))
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, node.GetLocation(), "'stackalloc' inside a loop",
                "each iteration grows the stack until the hook returns; allocate once before the loop"));
        }
        else if (count is null || elementSize is null)
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, node.GetLocation(), "'stackalloc' of a non-constant size",
                $"the size must be a constant of at most {MaxStackAllocBytes} bytes"));
        }
        else if (count.Value * elementSize.Value > MaxStackAllocBytes)
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, node.GetLocation(), $"'stackalloc' of {count.Value * elementSize.Value} bytes",
                $"at most {MaxStackAllocBytes} bytes may be stack-allocated; use an array allocated in Initialize"));
        }
    }

    private static ITypeSymbol? ElementOf(ITypeSymbol? type) => type switch
    {
        IPointerTypeSymbol pointer => pointer.PointedAtType,
        INamedTypeSymbol { TypeArguments.Length: 1 } span => span.TypeArguments[0],
        _ => null,
    };

    private static long? AsLong(Optional<object?> constant) => constant.HasValue && constant.Value is not null && constant.Value is not string
        ? System.Convert.ToInt64(constant.Value, System.Globalization.CultureInfo.InvariantCulture)
        : null;

    private static long? SizeOf(ITypeSymbol type, int depth)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_Byte:
            case SpecialType.System_SByte:
                return 1;
            case SpecialType.System_Char:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
                return 2;
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Single:
                return 4;
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Double:
            case SpecialType.System_IntPtr:
            case SpecialType.System_UIntPtr:
                return 8;
            case SpecialType.System_Decimal:
                return 16;
        }

        if (type.TypeKind == TypeKind.Enum && type is INamedTypeSymbol { EnumUnderlyingType: { } underlying })
        {
            return SizeOf(underlying, depth + 1);
        }

        if (type.TypeKind != TypeKind.Struct || depth > 8)
        {
            return null;
        }

        // A lower bound (no padding) is enough to reject; an unknown field makes the size unknown.
        long total = 0;
        foreach (var member in type.GetMembers())
        {
            if (member is IFieldSymbol { IsStatic: false } field)
            {
                var size = SizeOf(field.Type, depth + 1);
                if (size is null)
                {
                    return null;
                }

                total += size.Value;
            }
        }

        return total;
    }

    private static bool IsInLoop(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case ForStatementSyntax or ForEachStatementSyntax or ForEachVariableStatementSyntax or WhileStatementSyntax or DoStatementSyntax:
                    return true;
                case MemberDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax:
                    return false;
            }
        }

        return false;
    }
}
