using System;
using System.Collections.Generic;

namespace HmsTrace.Analyzers;

/// <summary>
/// The types and members a policy may use: the policy API (<c>HmsTrace.Policy</c> and its
/// sub-namespaces) and a small deterministic subset of the BCL. The analyzers (HMS0001, HMS0006)
/// and the script loader's check of the emitted assembly apply this same list, so what the IDE
/// accepts and what the IL references are judged alike.
/// </summary>
/// <remarks>
/// <para>
/// Type names are fully qualified metadata names: namespace, dot, name with generic arity
/// (<c>System.Collections.Generic.Dictionary`2</c>), nested types joined with <c>+</c>
/// (<c>System.Collections.Generic.List`1+Enumerator</c>). A leading <c>global::</c> is ignored.
/// Nested types of a type allowed with all its members are allowed too.
/// </para>
/// <para>
/// Member names are metadata names: <c>.ctor</c>, <c>op_Addition</c>, property and event names
/// (<c>Count</c>, string's indexer <c>Chars</c>, other indexers <c>Item</c>). Accessor names as an
/// IL MemberRef spells them (<c>get_Count</c>, <c>set_Item</c>, <c>add_X</c>, <c>remove_X</c>) are
/// accepted and judged by their property or event. Overloads are not distinguished.
/// </para>
/// <para>
/// Types declared by the policy itself are not on the list: an analyzer allows them because their
/// source is analysed; an IL checker sees them as TypeDefs, not TypeRefs. Hash codes are special:
/// <c>GetHashCode</c> on strings, <c>object</c>, tuples and most BCL types is randomised per
/// process; the analyzers report direct calls (HMS0006), while the list keeps
/// <c>EqualityComparer`1.GetHashCode</c> because compiler-synthesised record members reference it.
/// </para>
/// <para>Thread-safety: immutable after type initialisation; safe to call concurrently.</para>
/// </remarks>
public static class PolicyAllowList
{
    /// <summary>The policy API namespace; it and its sub-namespaces are allowed wholesale.</summary>
    public const string PolicyApiNamespace = "HmsTrace.Policy";

    private static readonly string[] AllowedNamespaces =
    {
        PolicyApiNamespace,
        // Attributes only: nullability annotations, SuppressMessage (HMS0012 judges its target).
        "System.Diagnostics.CodeAnalysis",
    };

    private static readonly string[] TranscendentalFunctions =
    {
        "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Atan2", "Sinh", "Cosh", "Tanh", "Asinh", "Acosh",
        "Atanh", "SinCos", "SinPi", "CosPi", "TanPi", "AsinPi", "AcosPi", "AtanPi", "Atan2Pi", "SinCosPi",
        "Exp", "Exp2", "Exp10", "ExpM1", "Exp2M1", "Exp10M1", "Log", "Log2", "Log10", "LogP1", "Log2P1",
        "Log10P1", "Pow", "Cbrt", "RootN", "Hypot", "ReciprocalEstimate", "ReciprocalSqrtEstimate",
    };

    private static readonly string[] DeterministicMathFunctions =
    {
        "Abs", "Max", "Min", "Clamp", "Sign", "DivRem", "BigMul", "Floor", "Ceiling", "Round", "Truncate",
        "Sqrt", "FusedMultiplyAdd", "CopySign", "BitIncrement", "BitDecrement", "IEEERemainder", "ScaleB",
        "ILogB", "MaxMagnitude", "MinMagnitude", "E", "PI", "Tau",
    };

    private static readonly string[] StringMembers =
    {
        ".ctor", "Length", "Chars", "Empty", "IsNullOrEmpty", "IsNullOrWhiteSpace", "Equals", "op_Equality",
        "op_Inequality", "op_Implicit", "CompareOrdinal", "Concat", "Join", "Substring", "Contains",
        "StartsWith", "EndsWith", "IndexOf", "IndexOfAny", "LastIndexOf", "Replace", "Trim", "TrimStart",
        "TrimEnd", "ToUpperInvariant", "ToLowerInvariant", "Split", "ToCharArray", "CopyTo", "PadLeft",
        "PadRight", "Insert", "Remove", "ToString", "Format",
    };

    private static readonly string[] ArrayMembers =
    {
        "Empty", "Copy", "Clear", "Fill", "IndexOf", "LastIndexOf", "BinarySearch", "Sort", "Reverse",
        "Resize", "Length", "LongLength", "Rank", "GetLength", "Exists", "Find", "FindIndex", "FindLast",
        "FindLastIndex", "FindAll", "TrueForAll", "ConvertAll", "ForEach", "Clone", "CopyTo",
    };

    // Members of collections that expose the (randomised) hashing comparer or serialization.
    private static readonly string[] CollectionExclusions =
    {
        "Comparer", "GetObjectData", "OnDeserialization", "GetAlternateLookup", "TryGetAlternateLookup",
    };

    private static readonly string[] DelegateMembers = { ".ctor", "Invoke" };

    private static readonly Dictionary<string, MemberRule> Types = Build();

    /// <summary>
    /// Whether a policy may reference the type. Nondeterministic types (time, randomness,
    /// <c>HashCode</c>, <c>Guid</c>) and everything outside the list return <see langword="false"/>.
    /// </summary>
    /// <param name="fullyQualifiedMetadataName">For example <c>System.Collections.Generic.List`1</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="fullyQualifiedMetadataName"/> is null.</exception>
    public static bool IsAllowedType(string fullyQualifiedMetadataName)
    {
        if (fullyQualifiedMetadataName is null)
        {
            throw new ArgumentNullException(nameof(fullyQualifiedMetadataName));
        }

        return Lookup(Normalize(fullyQualifiedMetadataName)) is not null;
    }

    /// <summary>
    /// Whether a policy may reference the member of the type; <see langword="false"/> when the type
    /// itself is not allowed.
    /// </summary>
    /// <param name="typeName">The declaring type's fully qualified metadata name.</param>
    /// <param name="memberName">The member's metadata name (<c>Max</c>, <c>.ctor</c>, <c>get_Count</c>).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static bool IsAllowedMember(string typeName, string memberName)
    {
        if (typeName is null)
        {
            throw new ArgumentNullException(nameof(typeName));
        }

        if (memberName is null)
        {
            throw new ArgumentNullException(nameof(memberName));
        }

        var rule = Lookup(Normalize(typeName));
        if (rule is null)
        {
            return false;
        }

        return rule.Allows(memberName, StripAccessorPrefix(memberName));
    }

    /// <summary>
    /// Whether <paramref name="memberName"/> of <paramref name="typeName"/> is one the C# compiler
    /// emits on its own for allowed source constructs (collection expressions, array initialisers,
    /// inline arrays) although a policy may not write it. An IL checker should accept these only
    /// where the compiler put them: in compiler-generated types and methods (names containing
    /// <c>&lt;</c>) or, for <c>CollectionsMarshal</c>, right after a collection expression's
    /// <c>List`1</c> construction. The analyzers never accept them in source.
    /// </summary>
    /// <param name="typeName">The declaring type's fully qualified metadata name.</param>
    /// <param name="memberName">The member's metadata name.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static bool IsCompilerSupportMember(string typeName, string memberName)
    {
        if (typeName is null)
        {
            throw new ArgumentNullException(nameof(typeName));
        }

        if (memberName is null)
        {
            throw new ArgumentNullException(nameof(memberName));
        }

        return Normalize(typeName) switch
        {
            "System.Runtime.CompilerServices.Unsafe" => memberName is "As" or "Add" or "AsRef",
            "System.Runtime.InteropServices.MemoryMarshal" => memberName is "CreateSpan" or "CreateReadOnlySpan" or "GetArrayDataReference",
            "System.Runtime.InteropServices.CollectionsMarshal" => memberName is "AsSpan" or "SetCount",
            "System.Runtime.CompilerServices.InlineArrayAttribute" => memberName is ".ctor",
            "System.Environment" => memberName is "get_CurrentManagedThreadId",
            _ => false,
        };
    }

    /// <summary>
    /// Whether <paramref name="typeName"/> is a type the C# compiler references on its own for
    /// allowed source although a policy may not name it: the declaring types of
    /// <see cref="IsCompilerSupportMember"/> (<c>CollectionsMarshal</c> for <c>List&lt;T&gt; l = [1, 2]</c>,
    /// <c>Unsafe</c> and <c>MemoryMarshal</c> for params spans, <c>Environment</c> for an
    /// iterator's thread check), the BCL's <c>InlineArray2`1</c>…<c>InlineArray16`1</c> buffers of
    /// params spans, and <c>System.Type</c>, which only appears in the signature of an iterator's
    /// <c>IteratorStateMachineAttribute</c>. An IL checker may accept references to these types:
    /// what can be done with them is judged member by member, and their members are only accepted
    /// where <see cref="IsCompilerSupportMember"/> says, in compiler-generated code. The analyzers
    /// never accept them in source.
    /// </summary>
    /// <param name="typeName">The type's fully qualified metadata name.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static bool IsCompilerSupportType(string typeName)
    {
        if (typeName is null)
        {
            throw new ArgumentNullException(nameof(typeName));
        }

        const string InlineArray = "System.Runtime.CompilerServices.InlineArray";
        var name = Normalize(typeName);
        return name is "System.Runtime.CompilerServices.Unsafe" or "System.Runtime.InteropServices.MemoryMarshal"
                   or "System.Runtime.InteropServices.CollectionsMarshal" or "System.Runtime.CompilerServices.InlineArrayAttribute"
                   or "System.Environment" or "System.Type"
               || (name.StartsWith(InlineArray, StringComparison.Ordinal) && name.EndsWith("`1", StringComparison.Ordinal)
                   && int.TryParse(name.Substring(InlineArray.Length, name.Length - InlineArray.Length - 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
                   && n is >= 2 and <= 16);
    }

    /// <summary>The fully qualified metadata names of every explicitly listed type, sorted ordinally.</summary>
    public static IReadOnlyList<string> ListedTypeNames
    {
        get
        {
            var names = new List<string>(Types.Keys);
            names.Sort(StringComparer.Ordinal);
            return names;
        }
    }

    /// <summary>Whether the namespace is allowed wholesale (the policy API, attribute-only namespaces).</summary>
    /// <param name="namespaceName">A dotted namespace name.</param>
    /// <exception cref="ArgumentNullException"><paramref name="namespaceName"/> is null.</exception>
    public static bool IsAllowedNamespace(string namespaceName)
    {
        if (namespaceName is null)
        {
            throw new ArgumentNullException(nameof(namespaceName));
        }

        var ns = Normalize(namespaceName);
        foreach (var allowed in AllowedNamespaces)
        {
            if (ns == allowed || ns.StartsWith(allowed + ".", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static MemberRule? Lookup(string name)
    {
        if (Types.TryGetValue(name, out var rule))
        {
            return rule;
        }

        var nested = name.LastIndexOf('+');
        if (nested > 0)
        {
            var outer = Lookup(name.Substring(0, nested));
            return outer is { AllowsNestedTypes: true } ? MemberRule.All : null;
        }

        var dot = name.LastIndexOf('.');
        return dot > 0 && IsAllowedNamespace(name.Substring(0, dot)) ? MemberRule.All : null;
    }

    private static string Normalize(string name)
    {
        var trimmed = name.Trim();
        return trimmed.StartsWith("global::", StringComparison.Ordinal) ? trimmed.Substring("global::".Length) : trimmed;
    }

    private static string? StripAccessorPrefix(string memberName)
    {
        foreach (var prefix in new[] { "get_", "set_", "add_", "remove_" })
        {
            if (memberName.StartsWith(prefix, StringComparison.Ordinal) && memberName.Length > prefix.Length)
            {
                return memberName.Substring(prefix.Length);
            }
        }

        return null;
    }

    private static Dictionary<string, MemberRule> Build()
    {
        var types = new Dictionary<string, MemberRule>(StringComparer.Ordinal);

        void All(params string[] names)
        {
            foreach (var name in names)
            {
                types.Add(name, MemberRule.All);
            }
        }

        void Only(string name, params string[] members) => types.Add(name, MemberRule.Only(members));
        void Except(string name, params string[] members) => types.Add(name, MemberRule.Except(members));

        // Enums of the topology model that the policy API exposes (TargetInfo.Kind, InitiatorInfo.Kind).
        All("HmsTrace.Topology.TargetKind", "HmsTrace.Topology.InitiatorKind");

        // Primitive and numeric value types. nint/nuint are left out: their size is the platform's.
        All("System.Void", "System.Boolean", "System.Char", "System.SByte", "System.Byte", "System.Int16", "System.UInt16",
            "System.Int32", "System.UInt32", "System.Int64", "System.UInt64", "System.Int128", "System.UInt128",
            "System.Decimal");
        Except("System.Double", TranscendentalFunctions);
        Except("System.Single", TranscendentalFunctions);
        Only("System.Math", DeterministicMathFunctions);
        Only("System.MathF", DeterministicMathFunctions);
        All("System.MidpointRounding", "System.StringComparison", "System.StringSplitOptions", "System.Numerics.BitOperations");

        // Object model basics. GetType (reflection) and GetHashCode (randomised) are not listed.
        Only("System.Object", ".ctor", "Equals", "ReferenceEquals", "ToString", "MemberwiseClone");
        Only("System.ValueType", ".ctor", "Equals", "ToString");
        Only("System.Enum", "HasFlag", "CompareTo", "Equals", "ToString");
        Only("System.String", StringMembers);
        All("System.Text.StringBuilder");
        Only("System.Array", ArrayMembers);
        All("System.Nullable`1", "System.Index", "System.Range");
        Only("System.Nullable", "Compare", "Equals");
        All("System.ValueTuple", "System.ValueTuple`1", "System.ValueTuple`2", "System.ValueTuple`3",
            "System.ValueTuple`4", "System.ValueTuple`5", "System.ValueTuple`6", "System.ValueTuple`7",
            "System.ValueTuple`8", "System.Tuple`1", "System.Tuple`2", "System.Tuple`3", "System.Tuple`4",
            "System.Tuple`5", "System.Tuple`6", "System.Tuple`7", "System.Tuple`8");
        Only("System.Tuple", "Create");
        All("System.IComparable", "System.IComparable`1", "System.IEquatable`1", "System.IDisposable");

        // Spans and memory (pinning is interop).
        Except("System.Span`1", "Pin", "GetPinnableReference");
        Except("System.ReadOnlySpan`1", "Pin", "GetPinnableReference");
        Except("System.Memory`1", "Pin");
        Except("System.ReadOnlyMemory`1", "Pin");
        All("System.MemoryExtensions");

        // Delegates: invoke, never BeginInvoke/DynamicInvoke/Method (async, reflection).
        Only("System.Action", DelegateMembers);
        for (var arity = 1; arity <= 16; arity++)
        {
            Only("System.Action`" + arity, DelegateMembers);
        }

        for (var arity = 1; arity <= 17; arity++)
        {
            Only("System.Func`" + arity, DelegateMembers);
        }

        Only("System.Comparison`1", DelegateMembers);
        Only("System.Predicate`1", DelegateMembers);
        Only("System.Converter`2", DelegateMembers);

        // Exceptions a policy may throw. StackTrace, TargetSite, Data, HResult are not listed:
        // they expose build paths, reflection and mutable state.
        Only("System.Exception", ".ctor", "Message", "InnerException", "GetBaseException");
        All("System.ArgumentException", "System.ArgumentNullException", "System.ArgumentOutOfRangeException",
            "System.InvalidOperationException", "System.NotSupportedException", "System.NotImplementedException",
            "System.IndexOutOfRangeException", "System.OverflowException", "System.ArithmeticException",
            "System.DivideByZeroException", "System.FormatException",
            "System.Collections.Generic.KeyNotFoundException");

        // Attributes a policy may write.
        Only("System.Attribute", ".ctor");
        All("System.AttributeUsageAttribute", "System.AttributeTargets", "System.FlagsAttribute",
            "System.ObsoleteAttribute");

        // Collections. Enumeration order of Dictionary/HashSet depends only on the sequence of
        // operations, not on hash values, so string keys are deterministic.
        foreach (var collection in new[]
        {
            "System.Collections.Generic.List`1", "System.Collections.Generic.Dictionary`2",
            "System.Collections.Generic.HashSet`1", "System.Collections.Generic.Queue`1",
            "System.Collections.Generic.Stack`1", "System.Collections.Generic.PriorityQueue`2",
            "System.Collections.Generic.SortedDictionary`2", "System.Collections.Generic.SortedSet`1",
            "System.Collections.Generic.SortedList`2", "System.Collections.Generic.LinkedList`1",
        })
        {
            Except(collection, CollectionExclusions);
        }

        All("System.Collections.Generic.LinkedListNode`1", "System.Collections.Generic.KeyValuePair`2",
            "System.Collections.Generic.IEnumerable`1", "System.Collections.Generic.IEnumerator`1",
            "System.Collections.Generic.ICollection`1", "System.Collections.Generic.IList`1",
            "System.Collections.Generic.IReadOnlyCollection`1", "System.Collections.Generic.IReadOnlyList`1",
            "System.Collections.Generic.IReadOnlyDictionary`2", "System.Collections.Generic.IDictionary`2",
            "System.Collections.Generic.ISet`1", "System.Collections.Generic.IReadOnlySet`1",
            "System.Collections.Generic.IComparer`1", "System.Collections.Generic.IEqualityComparer`1",
            "System.Collections.IEnumerable", "System.Collections.IEnumerator");
        Only("System.Collections.Generic.KeyValuePair", "Create");
        Only("System.Collections.Generic.Comparer`1", "Default", "Create", "Compare");
        Only("System.Collections.Generic.EqualityComparer`1", "Default", "Equals", "GetHashCode");
        Only("System.Collections.Generic.CollectionExtensions", "GetValueOrDefault", "TryAdd", "Remove");
        All("System.Collections.Immutable.ImmutableArray`1");
        Only("System.Collections.Immutable.ImmutableArray", "Create", "CreateRange", "ToImmutableArray");

        // LINQ to objects (deterministic; an allocation error on hot hooks, see HMS0016).
        All("System.Linq.Enumerable", "System.Linq.IOrderedEnumerable`1", "System.Linq.IGrouping`2",
            "System.Linq.ILookup`2");

        // Emitted by the compiler or the SDK for allowed source: attributes, interpolation, array
        // initialisers. Listed so an IL check accepts them; harmless if written by hand.
        All("System.Runtime.CompilerServices.IsExternalInit", "System.Runtime.CompilerServices.NullableAttribute",
            "System.Runtime.CompilerServices.NullableContextAttribute",
            "System.Runtime.CompilerServices.NullablePublicOnlyAttribute",
            "System.Runtime.CompilerServices.CompilerGeneratedAttribute",
            "System.Runtime.CompilerServices.IteratorStateMachineAttribute",
            "System.Runtime.CompilerServices.RefSafetyRulesAttribute",
            "System.Runtime.CompilerServices.IsReadOnlyAttribute",
            "System.Runtime.CompilerServices.IsByRefLikeAttribute", "System.Runtime.CompilerServices.ScopedRefAttribute",
            "System.Runtime.CompilerServices.TupleElementNamesAttribute",
            "System.Runtime.CompilerServices.ExtensionAttribute",
            "System.Runtime.CompilerServices.ParamCollectionAttribute",
            "System.Runtime.CompilerServices.RequiredMemberAttribute",
            "System.Runtime.CompilerServices.CompilerFeatureRequiredAttribute",
            "System.Runtime.CompilerServices.CompilationRelaxationsAttribute",
            "System.Runtime.CompilerServices.RuntimeCompatibilityAttribute",
            "System.Runtime.CompilerServices.DefaultInterpolatedStringHandler",
            "System.Diagnostics.DebuggableAttribute", "System.Diagnostics.DebuggerBrowsableAttribute",
            "System.Diagnostics.DebuggerBrowsableState", "System.Diagnostics.DebuggerHiddenAttribute",
            "System.Diagnostics.DebuggerStepThroughAttribute", "System.Diagnostics.DebuggerDisplayAttribute",
            "System.Diagnostics.DebuggerNonUserCodeAttribute", "System.Reflection.AssemblyCompanyAttribute",
            "System.Reflection.AssemblyConfigurationAttribute", "System.Reflection.AssemblyFileVersionAttribute",
            "System.Reflection.AssemblyInformationalVersionAttribute", "System.Reflection.AssemblyProductAttribute",
            "System.Reflection.AssemblyTitleAttribute", "System.Reflection.AssemblyVersionAttribute",
            "System.Reflection.AssemblyMetadataAttribute", "System.Reflection.AssemblyDescriptionAttribute",
            "System.Reflection.AssemblyCopyrightAttribute", "System.Reflection.AssemblyTrademarkAttribute",
            "System.Reflection.AssemblyCultureAttribute", "System.Reflection.DefaultMemberAttribute",
            "System.Runtime.Versioning.TargetFrameworkAttribute");
        Only("System.Runtime.CompilerServices.RuntimeHelpers", "InitializeArray", "CreateSpan");
        Only("System.RuntimeFieldHandle");

        return types;
    }

    private sealed class MemberRule
    {
        public static readonly MemberRule All = new(allowAll: true, new HashSet<string>(StringComparer.Ordinal));

        private readonly bool _allowAll;
        private readonly HashSet<string> _names;

        private MemberRule(bool allowAll, HashSet<string> names)
        {
            _allowAll = allowAll;
            _names = names;
        }

        /// <summary>Only types listed with all members open their nested types.</summary>
        public bool AllowsNestedTypes => _allowAll;

        public static MemberRule Only(string[] members) => new(allowAll: false, new HashSet<string>(members, StringComparer.Ordinal));

        public static MemberRule Except(string[] members) => new(allowAll: true, new HashSet<string>(members, StringComparer.Ordinal));

        /// <summary>Judges a member by its name and, for accessors, its property or event name.</summary>
        public bool Allows(string member, string? associated) => _allowAll
            ? !_names.Contains(member) && (associated is null || !_names.Contains(associated))
            : _names.Contains(member) || (associated is not null && _names.Contains(associated));
    }
}
