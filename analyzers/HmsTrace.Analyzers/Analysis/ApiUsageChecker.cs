using Microsoft.CodeAnalysis;

namespace HmsTrace.Analyzers.Analysis;

/// <summary>Judges referenced types and members against <see cref="PolicyAllowList"/> and <see cref="ApiCatalog"/>.</summary>
internal static class ApiUsageChecker
{
    /// <summary>The first disallowed type inside <paramref name="type"/> (generic arguments, arrays, tuples), or null.</summary>
    public static ApiFinding? CheckType(ITypeSymbol? type)
    {
        switch (type)
        {
            case null:
            case ITypeParameterSymbol:
            case IDynamicTypeSymbol:
            case IErrorTypeSymbol:
            case IFunctionPointerTypeSymbol:
                return null;
            case IArrayTypeSymbol array:
                return CheckType(array.ElementType);
            case IPointerTypeSymbol pointer:
                return CheckType(pointer.PointedAtType);
            case INamedTypeSymbol named:
                return CheckNamedType(named);
            default:
                return null;
        }
    }

    private static ApiFinding? CheckNamedType(INamedTypeSymbol named)
    {
        if (!SymbolFacts.IsInSource(named))
        {
            var name = SymbolFacts.MetadataName(named);
            var nondeterministic = ApiCatalog.NondeterministicTypeReason(name);
            if (nondeterministic is not null)
            {
                return new ApiFinding(ApiFindingKind.Nondeterministic, Display(named), nondeterministic);
            }

            if (!PolicyAllowList.IsAllowedType(name))
            {
                return new ApiFinding(ApiFindingKind.Forbidden, Display(named), ApiCatalog.ForbiddenReason(name));
            }
        }

        foreach (var argument in named.TypeArguments)
        {
            var finding = CheckType(argument);
            if (finding is not null)
            {
                return finding;
            }
        }

        return named.ContainingType is { } outer ? CheckType(outer) : null;
    }

    /// <summary>
    /// Judges a referenced method, property, field or event: hash codes first, then the declaring
    /// type, then the member; generic method arguments and the member's type last.
    /// </summary>
    public static ApiFinding? CheckMember(ISymbol member)
    {
        if (member is IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction })
        {
            return null;
        }

        if (member is IMethodSymbol { ReducedFrom: { } unreduced })
        {
            member = unreduced;
        }

        if (IsNondeterministicHashCode(member))
        {
            return new ApiFinding(ApiFindingKind.Nondeterministic, Display(member), ApiCatalog.HashCodeReason);
        }

        var declaring = member.ContainingType;
        if (declaring is null)
        {
            return null;
        }

        if (!SymbolFacts.IsInSource(declaring))
        {
            var typeName = SymbolFacts.MetadataName(declaring);
            var memberName = member.OriginalDefinition.MetadataName;
            var nondeterministic = ApiCatalog.NondeterministicMemberReason(typeName, memberName);
            if (nondeterministic is not null)
            {
                return new ApiFinding(ApiFindingKind.Nondeterministic, Display(member), nondeterministic);
            }

            if (!PolicyAllowList.IsAllowedType(typeName))
            {
                return new ApiFinding(ApiFindingKind.Forbidden, Display(member), ApiCatalog.ForbiddenReason(typeName));
            }

            if (!PolicyAllowList.IsAllowedMember(typeName, memberName))
            {
                return new ApiFinding(ApiFindingKind.Forbidden, Display(member), ApiCatalog.ForbiddenReason(typeName + "." + memberName));
            }
        }

        // Declared in source: its signature is reported once at the declaration, not at every use.
        var inSource = SymbolFacts.IsInSource(declaring);
        var declaringFinding = CheckType(declaring);
        if (declaringFinding is not null)
        {
            return declaringFinding;
        }

        if (member is IMethodSymbol method)
        {
            foreach (var argument in method.TypeArguments)
            {
                var finding = CheckType(argument);
                if (finding is not null)
                {
                    return finding;
                }
            }

            return inSource ? null : CheckType(method.ReturnType);
        }

        return inSource ? null : CheckType(MemberType(member));
    }

    /// <summary>
    /// A direct call to a <c>GetHashCode</c> whose value is randomised or unknown: everything except
    /// deterministic primitives and the policy's own (explicitly written) overrides.
    /// </summary>
    private static bool IsNondeterministicHashCode(ISymbol member)
    {
        if (member is not IMethodSymbol { Name: "GetHashCode" } method)
        {
            return false;
        }

        var declaring = method.ContainingType;
        if (declaring is null)
        {
            return true;
        }

        if (SymbolFacts.IsInSource(method) && !method.IsImplicitlyDeclared)
        {
            return false;
        }

        if (SymbolFacts.IsPrimitiveValue(declaring.SpecialType) || declaring.SpecialType == SpecialType.System_Enum)
        {
            return false;
        }

        var name = SymbolFacts.MetadataName(declaring);
        return name != "System.Index" && !PolicyAllowList.IsAllowedNamespace(declaring.ContainingNamespace?.ToDisplayString() ?? string.Empty);
    }

    private static ITypeSymbol? MemberType(ISymbol member) => member switch
    {
        IPropertySymbol property => property.Type,
        IFieldSymbol field => field.Type,
        IEventSymbol @event => @event.Type,
        _ => null,
    };

    private static readonly SymbolDisplayFormat DisplayFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        memberOptions: SymbolDisplayMemberOptions.IncludeContainingType,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    /// <summary>A qualified name without parameters: <c>System.IO.File.ReadAllText</c>, <c>string.GetHashCode</c>.</summary>
    public static string Display(ISymbol symbol) => symbol.OriginalDefinition.ToDisplayString(DisplayFormat);
}
