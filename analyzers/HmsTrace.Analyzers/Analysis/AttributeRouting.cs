using System;
using System.Collections.Generic;

namespace HmsTrace.Analyzers.Analysis;

/// <summary>
/// Attributes reported by a specific rule instead of the generic HMS0001, so one construct gets
/// one diagnostic with the most useful message.
/// </summary>
internal static class AttributeRouting
{
    public const string ThreadStatic = "System.ThreadStaticAttribute";
    public const string ModuleInitializer = "System.Runtime.CompilerServices.ModuleInitializerAttribute";

    /// <summary>Interop, layout control and unchecked-memory attributes (HMS0002).</summary>
    public static readonly HashSet<string> UnsafeAttributes = new(StringComparer.Ordinal)
    {
        "System.Runtime.InteropServices.DllImportAttribute",
        "System.Runtime.InteropServices.LibraryImportAttribute",
        "System.Runtime.InteropServices.StructLayoutAttribute",
        "System.Runtime.InteropServices.FieldOffsetAttribute",
        "System.Runtime.InteropServices.MarshalAsAttribute",
        "System.Runtime.InteropServices.UnmanagedCallersOnlyAttribute",
        "System.Runtime.CompilerServices.SkipLocalsInitAttribute",
        "System.Runtime.CompilerServices.UnsafeAccessorAttribute",
    };

    /// <summary>Whether another rule reports this attribute class.</summary>
    public static bool IsRouted(string attributeMetadataName) =>
        attributeMetadataName is ThreadStatic or ModuleInitializer || UnsafeAttributes.Contains(attributeMetadataName);
}
