using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace HmsTrace.Analyzers.Analysis;

/// <summary>Names and facts about symbols, keyed on names so no policy API assembly is needed.</summary>
internal static class SymbolFacts
{
    public const string PlacementPolicyName = "HmsTrace.Policy.PlacementPolicy";
    public const string PolicyStopExceptionName = "HmsTrace.Policy.PolicyStopException";

    /// <summary>Hooks called once per access record.</summary>
    public static readonly HashSet<string> HotHooks = new(StringComparer.Ordinal)
    {
        "OnAccess", "OnNonLocalAccess", "OnFirstTouch",
    };

    /// <summary>Every hook the policy base declares.</summary>
    public static readonly HashSet<string> AllHooks = new(StringComparer.Ordinal)
    {
        "Initialize", "OnFirstTouch", "OnNonLocalAccess", "OnHint", "OnEpoch", "OnPressure", "OnUnmap",
        "OnRemap", "OnAccess",
    };

    /// <summary>The fully qualified metadata name (<c>Ns.Outer`1+Inner</c>) of the type's definition.</summary>
    public static string MetadataName(INamedTypeSymbol type)
    {
        type = type.OriginalDefinition;
        if (type.ContainingType is { } outer)
        {
            return MetadataName(outer) + "+" + type.MetadataName;
        }

        var ns = type.ContainingNamespace;
        return ns is null || ns.IsGlobalNamespace ? type.MetadataName : ns.ToDisplayString() + "." + type.MetadataName;
    }

    /// <summary>Whether the symbol is declared in source of the compilation being analysed.</summary>
    public static bool IsInSource(ISymbol symbol)
    {
        foreach (var location in symbol.OriginalDefinition.Locations)
        {
            if (location.IsInSource)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the type is, or derives from, the policy base type.</summary>
    public static bool DerivesFromPlacementPolicy(ITypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (MetadataName(current) == PlacementPolicyName)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The hook a method overrides, or null; walks the override chain to the policy base.</summary>
    public static string? OverriddenHook(IMethodSymbol method)
    {
        if (!method.IsOverride || !AllHooks.Contains(method.Name))
        {
            return null;
        }

        var root = method;
        while (root.OverriddenMethod is { } overridden)
        {
            root = overridden;
        }

        return root.ContainingType is { } declaring && MetadataName(declaring) == PlacementPolicyName ? method.Name : null;
    }

    /// <summary>Whether the special type is <c>bool</c>, <c>char</c>, an integer, a floating-point type or <c>decimal</c>.</summary>
    public static bool IsPrimitiveValue(SpecialType type) => type switch
    {
        SpecialType.System_Boolean or SpecialType.System_Char
            or SpecialType.System_SByte or SpecialType.System_Byte
            or SpecialType.System_Int16 or SpecialType.System_UInt16
            or SpecialType.System_Int32 or SpecialType.System_UInt32
            or SpecialType.System_Int64 or SpecialType.System_UInt64
            or SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal => true,
        _ => false,
    };

    /// <summary>Whether the type is a value or reference type a static readonly field may hold.</summary>
    public static bool IsDeeplyImmutable(ITypeSymbol type) => IsDeeplyImmutable(type, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default));

    private static bool IsDeeplyImmutable(ITypeSymbol type, HashSet<ITypeSymbol> visiting)
    {
        if (IsPrimitiveValue(type.SpecialType) || type.SpecialType == SpecialType.System_String)
        {
            return true;
        }

        if (type is not INamedTypeSymbol named)
        {
            return false;
        }

        if (named.TypeKind is TypeKind.Enum or TypeKind.Delegate)
        {
            return true;
        }

        var name = MetadataName(named);
        if (name is "System.Index" or "System.Range" or "System.Int128" or "System.UInt128"
            || named.IsTupleType
            || name is "System.Nullable`1" or "System.Collections.Immutable.ImmutableArray`1")
        {
            foreach (var argument in named.TypeArguments)
            {
                if (!IsDeeplyImmutable(argument, visiting))
                {
                    return false;
                }
            }

            return true;
        }

        if (named.TypeKind != TypeKind.Struct || !IsInSource(named) || !visiting.Add(named))
        {
            return false;
        }

        foreach (var member in named.GetMembers())
        {
            if (member is IFieldSymbol { IsStatic: false } field && !IsDeeplyImmutable(field.Type, visiting))
            {
                return false;
            }
        }

        return true;
    }
}
