using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace HmsTrace.Analyzers.Analysis;

/// <summary>
/// Finds every use of a type or member, through symbols rather than spelling: operations
/// (calls, member references, creations, conversions, patterns, <c>var</c> locals), declared
/// signatures, attributes and <c>using static</c>/alias directives. HMS0001 and HMS0006 each
/// register it and keep the findings of their own kind.
/// </summary>
internal static class ApiUsageAnalysis
{
    private static readonly ImmutableArray<OperationKind> OperationKinds = ImmutableArray.Create(
        OperationKind.Invocation,
        OperationKind.ObjectCreation,
        OperationKind.PropertyReference,
        OperationKind.FieldReference,
        OperationKind.EventReference,
        OperationKind.MethodReference,
        OperationKind.TypeOf,
        OperationKind.Conversion,
        OperationKind.VariableDeclarator,
        OperationKind.DeclarationPattern,
        OperationKind.TypePattern,
        OperationKind.IsType,
        OperationKind.DefaultValue,
        OperationKind.ArrayCreation,
        OperationKind.CatchClause,
        OperationKind.LocalFunction,
        OperationKind.AnonymousFunction,
        OperationKind.SizeOf);

    public static void Register(AnalysisContext context, ApiFindingKind kind, DiagnosticDescriptor rule)
    {
        void Report(ApiFinding? finding, Location location, System.Action<Diagnostic> report)
        {
            if (finding is { } found && found.Kind == kind)
            {
                report(found.ToDiagnostic(rule, location));
            }
        }

        context.RegisterOperationAction(c => AnalyzeOperation(c.Operation, (f, l) => Report(f, l, c.ReportDiagnostic)), OperationKinds);
        context.RegisterSymbolAction(
            c => AnalyzeDeclaration(c.Symbol, (f, l) => Report(f, l, c.ReportDiagnostic)),
            SymbolKind.NamedType, SymbolKind.Method, SymbolKind.Field, SymbolKind.Property, SymbolKind.Event);
        context.RegisterSyntaxNodeAction(
            c =>
            {
                var attribute = (AttributeSyntax)c.Node;
                if (c.SemanticModel.GetSymbolInfo(attribute, c.CancellationToken).Symbol is IMethodSymbol { ContainingType: { } attributeType }
                    && !AttributeRouting.IsRouted(SymbolFacts.MetadataName(attributeType)))
                {
                    Report(ApiUsageChecker.CheckType(attributeType), attribute.Name.GetLocation(), c.ReportDiagnostic);
                }
            },
            SyntaxKind.Attribute);
        context.RegisterSyntaxNodeAction(
            c =>
            {
                var directive = (UsingDirectiveSyntax)c.Node;
                if ((directive.StaticKeyword.IsKind(SyntaxKind.StaticKeyword) || directive.Alias is not null)
                    && directive.NamespaceOrType is { } name
                    && c.SemanticModel.GetSymbolInfo(name, c.CancellationToken).Symbol is ITypeSymbol type)
                {
                    Report(ApiUsageChecker.CheckType(type), name.GetLocation(), c.ReportDiagnostic);
                }
            },
            SyntaxKind.UsingDirective);
    }

    private static void AnalyzeOperation(IOperation operation, System.Action<ApiFinding?, Location> report)
    {
        if (IsInsideNameOf(operation))
        {
            return;
        }

        switch (operation)
        {
            // A receiver of a disallowed type was reported where it came from; do not repeat for each member of a chain.
            case IInvocationOperation invocation when !HasDisallowedReceiver(invocation.Instance):
                report(ApiUsageChecker.CheckMember(invocation.TargetMethod), InvokedExpression(invocation.Syntax).GetLocation());
                break;
            case IObjectCreationOperation creation when creation.Syntax is not AttributeSyntax:
                report(
                    ApiUsageChecker.CheckType(creation.Type) ?? (creation.Constructor is { } constructor ? ApiUsageChecker.CheckMember(constructor) : null),
                    (creation.Syntax is ObjectCreationExpressionSyntax explicitNew ? explicitNew.Type : creation.Syntax).GetLocation());
                break;
            case IMemberReferenceOperation reference when !HasDisallowedReceiver(reference.Instance):
                report(ApiUsageChecker.CheckMember(reference.Member), reference.Syntax.GetLocation());
                break;
            case ITypeOfOperation typeOf:
                report(ApiUsageChecker.CheckType(typeOf.Type) ?? ApiUsageChecker.CheckType(typeOf.TypeOperand), typeOf.Syntax.GetLocation());
                break;
            case IConversionOperation conversion when !conversion.IsImplicit || conversion.Operand is IAnonymousFunctionOperation:
                report(
                    ApiUsageChecker.CheckType(conversion.Type),
                    (conversion.Syntax is CastExpressionSyntax cast ? cast.Type : conversion.Syntax).GetLocation());
                break;
            // 'var' locals take the type of their initializer, which is checked where it is produced.
            case IVariableDeclaratorOperation declarator when declarator.Parent is not ICatchClauseOperation
                && DeclaredTypeSyntax(declarator.Syntax) is not TypeSyntax { IsVar: true }:
                report(ApiUsageChecker.CheckType(declarator.Symbol.Type), DeclaredTypeSyntax(declarator.Syntax).GetLocation());
                break;
            case IDeclarationPatternOperation declaration:
                report(ApiUsageChecker.CheckType(declaration.MatchedType), DeclaredTypeSyntax(declaration.Syntax).GetLocation());
                break;
            case ITypePatternOperation typePattern:
                report(ApiUsageChecker.CheckType(typePattern.MatchedType), typePattern.Syntax.GetLocation());
                break;
            case IIsTypeOperation isType:
                report(
                    ApiUsageChecker.CheckType(isType.TypeOperand),
                    (isType.Syntax is BinaryExpressionSyntax binary ? binary.Right : isType.Syntax).GetLocation());
                break;
            case IDefaultValueOperation defaultValue when !defaultValue.IsImplicit && defaultValue.Syntax is DefaultExpressionSyntax:
                report(ApiUsageChecker.CheckType(defaultValue.Type), defaultValue.Syntax.GetLocation());
                break;
            case IArrayCreationOperation arrayCreation when !arrayCreation.IsImplicit:
                report(ApiUsageChecker.CheckType(arrayCreation.Type), arrayCreation.Syntax.GetLocation());
                break;
            case ICatchClauseOperation catchClause when catchClause.Syntax is CatchClauseSyntax { Declaration: { } catchDeclaration }:
                report(ApiUsageChecker.CheckType(catchClause.ExceptionType), catchDeclaration.Type.GetLocation());
                break;
            case ILocalFunctionOperation localFunction:
                AnalyzeSignature(localFunction.Symbol, report);
                break;
            case IAnonymousFunctionOperation lambda:
                foreach (var parameter in lambda.Symbol.Parameters)
                {
                    if (parameter.DeclaringSyntaxReferences.Length > 0
                        && parameter.DeclaringSyntaxReferences[0].GetSyntax() is ParameterSyntax { Type: not null })
                    {
                        report(ApiUsageChecker.CheckType(parameter.Type), parameter.Locations[0]);
                    }
                }

                break;
            case ISizeOfOperation sizeOf:
                report(ApiUsageChecker.CheckType(sizeOf.TypeOperand), sizeOf.Syntax.GetLocation());
                break;
        }
    }

    private static void AnalyzeDeclaration(ISymbol symbol, System.Action<ApiFinding?, Location> report)
    {
        if (symbol.IsImplicitlyDeclared || symbol.Locations.Length == 0 || !symbol.Locations[0].IsInSource)
        {
            return;
        }

        var location = symbol.Locations[0];
        switch (symbol)
        {
            case INamedTypeSymbol type:
                if (type.IsRecord && type.TypeKind == TypeKind.Class)
                {
                    report(
                        new ApiFinding(ApiFindingKind.Forbidden, "record class " + type.Name,
                            "record classes synthesize a System.Type-returning EqualityContract (reflection); use a sealed class or a record struct"),
                        location);
                }

                if (type.TypeKind == TypeKind.Class && type.BaseType is { SpecialType: not SpecialType.System_Object } baseType)
                {
                    report(ApiUsageChecker.CheckType(baseType), location);
                }

                foreach (var implemented in type.Interfaces)
                {
                    report(ApiUsageChecker.CheckType(implemented), location);
                }

                foreach (var parameter in type.TypeParameters)
                {
                    AnalyzeConstraints(parameter, report);
                }

                if (type.DelegateInvokeMethod is { } invoke)
                {
                    AnalyzeSignature(invoke, report, location);
                }

                break;
            case IMethodSymbol method when method.MethodKind is not (MethodKind.PropertyGet or MethodKind.PropertySet
                or MethodKind.EventAdd or MethodKind.EventRemove or MethodKind.EventRaise or MethodKind.DelegateInvoke):
                AnalyzeSignature(method, report);
                break;
            case IFieldSymbol field:
                report(ApiUsageChecker.CheckType(field.Type), location);
                break;
            case IPropertySymbol property:
                report(ApiUsageChecker.CheckType(property.Type), location);
                foreach (var parameter in property.Parameters)
                {
                    report(ApiUsageChecker.CheckType(parameter.Type), parameter.Locations.Length > 0 ? parameter.Locations[0] : location);
                }

                break;
            case IEventSymbol @event:
                report(ApiUsageChecker.CheckType(@event.Type), location);
                break;
        }
    }

    private static void AnalyzeSignature(IMethodSymbol method, System.Action<ApiFinding?, Location> report, Location? location = null)
    {
        location ??= method.Locations.Length > 0 ? method.Locations[0] : Location.None;
        report(ApiUsageChecker.CheckType(method.ReturnType), location);
        foreach (var parameter in method.Parameters)
        {
            report(ApiUsageChecker.CheckType(parameter.Type), parameter.Locations.Length > 0 && parameter.Locations[0].IsInSource ? parameter.Locations[0] : location);
        }

        foreach (var typeParameter in method.TypeParameters)
        {
            AnalyzeConstraints(typeParameter, report);
        }
    }

    private static void AnalyzeConstraints(ITypeParameterSymbol parameter, System.Action<ApiFinding?, Location> report)
    {
        foreach (var constraint in parameter.ConstraintTypes)
        {
            report(ApiUsageChecker.CheckType(constraint), parameter.Locations.Length > 0 ? parameter.Locations[0] : Location.None);
        }
    }

    private static bool IsInsideNameOf(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is INameOfOperation)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasDisallowedReceiver(IOperation? instance) =>
        instance is { Type: { } type } && ApiUsageChecker.CheckType(type) is not null;

    private static SyntaxNode InvokedExpression(SyntaxNode syntax) =>
        syntax is InvocationExpressionSyntax invocation ? invocation.Expression : syntax;

    /// <summary>The written type (or <c>var</c>) of a declaration, so the diagnostic points at it.</summary>
    private static SyntaxNode DeclaredTypeSyntax(SyntaxNode syntax) => syntax switch
    {
        VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } => declaration.Type,
        ForEachStatementSyntax forEach => forEach.Type,
        SingleVariableDesignationSyntax { Parent: DeclarationExpressionSyntax expression } => expression.Type,
        SingleVariableDesignationSyntax { Parent: DeclarationPatternSyntax pattern } => pattern.Type,
        DeclarationPatternSyntax pattern => pattern.Type,
        DeclarationExpressionSyntax expression => expression.Type,
        _ => syntax,
    };
}
