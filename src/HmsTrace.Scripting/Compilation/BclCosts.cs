using Microsoft.CodeAnalysis;

namespace HmsTrace.Scripting.Compilation;

/// <summary>
/// What a call into the allow-listed BCL costs, for the <see cref="FuelRewriter"/>: which operands
/// the BCL works through element by element, so that the call must be charged by their size. The
/// rule is conservative: a call on a string, array, span or collection is charged by that operand
/// unless its member is listed here as not growing with it (a dictionary lookup, a list's indexer,
/// <c>AsSpan</c>); a call whose cost a listed member hides would be a hole, a member listed too
/// rarely only costs fuel. A call with a delegate argument is not charged by its receiver or source:
/// the delegate is policy code, metered at each element it is called for (method groups of BCL
/// methods, which would run unmetered, are rejected).
/// </summary>
internal static class BclCosts
{
    private const string Generic = "System.Collections.Generic.";
    private const string Immutable = "System.Collections.Immutable.";

    // Per type, the instance members whose receiver is charged (Only: those not listed cost constant or
    // logarithmic time in it; AllBut: the listed ones do).
    private static readonly Dictionary<string, Rule> Receivers = new(StringComparer.Ordinal)
    {
        ["System.String"] = Rule.AllBut("Length", "Chars", "ToString", "GetEnumerator", "GetTypeCode"),
        ["System.Text.StringBuilder"] = Rule.Only("ToString", "Insert", "Remove", "Replace", "Equals", "CopyTo"),
        ["System.Array"] = Rule.Only("CopyTo", "Clone"),
        ["System.Span`1"] = Rule.Only("CopyTo", "TryCopyTo", "Fill", "Clear", "ToArray", "ToString"),
        ["System.ReadOnlySpan`1"] = Rule.Only("CopyTo", "TryCopyTo", "ToArray", "ToString"),
        ["System.Memory`1"] = Rule.Only("CopyTo", "TryCopyTo", "ToArray", "ToString"),
        ["System.ReadOnlyMemory`1"] = Rule.Only("CopyTo", "TryCopyTo", "ToArray", "ToString"),
        [Generic + "List`1"] = Rule.Only(
            "Contains", "IndexOf", "LastIndexOf", "Insert", "InsertRange", "RemoveAt", "RemoveRange", "Remove", "Reverse",
            "Sort", "ToArray", "CopyTo", "TrimExcess", "GetRange", "Slice"),
        [Generic + "Dictionary`2"] = Rule.Only("ContainsValue", "TrimExcess", "CopyTo", "Clear"),
        [Generic + "Dictionary`2+KeyCollection"] = Rule.Only("CopyTo"),
        [Generic + "Dictionary`2+ValueCollection"] = Rule.Only("CopyTo", "Contains"),
        [Generic + "HashSet`1"] = Rule.Only(
            "IsSubsetOf", "IsProperSubsetOf", "IsSupersetOf", "IsProperSupersetOf", "SetEquals", "IntersectWith", "CopyTo", "TrimExcess",
            "Clear"),
        [Generic + "Queue`1"] = Rule.Only("Contains", "ToArray", "CopyTo", "TrimExcess"),
        [Generic + "Stack`1"] = Rule.Only("Contains", "ToArray", "CopyTo", "TrimExcess"),
        [Generic + "PriorityQueue`2"] = Rule.Only("Remove", "TrimExcess"),
        [Generic + "SortedDictionary`2"] = Rule.Only("ContainsValue", "CopyTo"),
        [Generic + "SortedList`2"] = Rule.Only("ContainsValue", "IndexOfValue", "CopyTo", "TrimExcess"),
        [Generic + "SortedSet`1"] = Rule.Only(
            "IsSubsetOf", "IsProperSubsetOf", "IsSupersetOf", "IsProperSupersetOf", "SetEquals", "IntersectWith", "CopyTo"),
        [Generic + "LinkedList`1"] = Rule.Only("Find", "FindLast", "Contains", "CopyTo", "Remove"),
        [Generic + "ICollection`1"] = Rule.Only("Contains", "Remove", "CopyTo"),
        [Generic + "IList`1"] = Rule.Only("IndexOf", "Insert", "RemoveAt"),
        [Generic + "ISet`1"] = Rule.Only(
            "IsSubsetOf", "IsProperSubsetOf", "IsSupersetOf", "IsProperSupersetOf", "SetEquals", "IntersectWith"),
        [Generic + "IReadOnlySet`1"] = Rule.Only("IsSubsetOf", "IsProperSubsetOf", "IsSupersetOf", "IsProperSupersetOf", "SetEquals"),
        [Immutable + "ImmutableArray`1"] = Rule.Only(
            "Add", "AddRange", "Insert", "InsertRange", "Remove", "RemoveAll", "RemoveAt", "RemoveRange", "Replace", "SetItem",
            "Contains", "IndexOf", "LastIndexOf", "Sort", "CopyTo", "ToBuilder"),
        [Immutable + "ImmutableArray`1+Builder"] = Rule.Only(
            "ToImmutable", "DrainToImmutable", "ToArray", "Contains", "IndexOf", "LastIndexOf", "Insert", "InsertRange", "Remove",
            "RemoveAt", "RemoveAll", "Sort", "Reverse", "CopyTo"),
    };

    // Per type, members none of whose arguments is charged: views and stores that never look inside them.
    private static readonly Dictionary<string, HashSet<string>> FreeArguments = new(StringComparer.Ordinal)
    {
        ["System.String"] = ["IsNullOrEmpty", "op_Implicit"],
        ["System.Span`1"] = [".ctor", "op_Implicit"],
        ["System.ReadOnlySpan`1"] = [".ctor", "op_Implicit"],
        ["System.Memory`1"] = [".ctor", "op_Implicit"],
        ["System.ReadOnlyMemory`1"] = [".ctor", "op_Implicit"],
        ["System.MemoryExtensions"] = ["AsSpan", "AsMemory"],
        [Generic + "List`1"] = ["Add", "Insert", "Item"],
        [Generic + "Queue`1"] = ["Enqueue"],
        [Generic + "Stack`1"] = ["Push"],
        [Generic + "LinkedList`1"] = ["AddFirst", "AddLast", "AddBefore", "AddAfter"],
        [Generic + "LinkedListNode`1"] = [".ctor", "Value"],
        [Generic + "KeyValuePair`2"] = [".ctor"],
    };

    // Types whose members hash or compare an argument of a type parameter (a string key is hashed
    // character by character); elsewhere a string handed to a T parameter is only stored.
    private static readonly HashSet<string> Hashing = new(StringComparer.Ordinal)
    {
        Generic + "Dictionary`2", Generic + "HashSet`1", Generic + "SortedDictionary`2", Generic + "SortedSet`1",
        Generic + "SortedList`2", Generic + "PriorityQueue`2", Generic + "EqualityComparer`1", Generic + "Comparer`1",
        Generic + "CollectionExtensions", Generic + "IDictionary`2", Generic + "IReadOnlyDictionary`2",
        Generic + "ISet`1", Generic + "IReadOnlySet`1", "System.Object",
    };

    // LINQ methods whose source passes as it is: lazy and one result per source element, so the
    // metered result pays for each.
    private static readonly HashSet<string> LinqOneToOne = new(StringComparer.Ordinal)
    {
        "Select", "Take", "Concat", "Zip", "Append", "Prepend", "Cast", "AsEnumerable", "DefaultIfEmpty", "Index",
        "Join", "GroupJoin",
    };

    // LINQ methods answered in constant time from any collection, and from any list.
    private static readonly HashSet<string> LinqConstantOnCollections = new(StringComparer.Ordinal)
    {
        "Count", "LongCount", "Any", "First", "FirstOrDefault", "TryGetNonEnumeratedCount", "Single", "SingleOrDefault",
    };

    // (Not Reverse: it copies the list when its first element is asked for.)
    private static readonly HashSet<string> LinqConstantOnLists = new(StringComparer.Ordinal)
    {
        "ElementAt", "ElementAtOrDefault", "Last", "LastOrDefault", "Skip", "SkipLast", "TakeLast",
    };

    // LINQ methods that run when called (the rest are lazy and run at each enumeration).
    private static readonly HashSet<string> LinqEager = new(StringComparer.Ordinal)
    {
        "Aggregate", "All", "Average", "Contains", "Max", "Min", "SequenceEqual", "Sum", "ToArray", "ToDictionary",
        "ToHashSet", "ToList", "ToLookup",
    };

    /// <summary>The <c>Fuel.Source</c> mode for an <see cref="IEnumerable{T}"/> operand, or null when it passes as it is.</summary>
    public static int? SourceMode(IMethodSymbol method, bool isSource, bool hasDelegate)
    {
        if (!IsLinq(method))
        {
            // string.Join, AddRange, new List<T>(items), set operations: eager, run once per call.
            return 3;
        }

        var name = method.Name;
        if (!isSource)
        {
            return LinqOneToOne.Contains(name) ? null : 0;
        }

        if (hasDelegate || LinqOneToOne.Contains(name))
        {
            return null;
        }

        if (LinqConstantOnCollections.Contains(name))
        {
            return 1;
        }

        if (LinqConstantOnLists.Contains(name))
        {
            return 2;
        }

        return LinqEager.Contains(name) ? 3 : 0;
    }

    /// <summary>Whether a call of <paramref name="method"/> is charged by its receiver's size.</summary>
    public static bool ChargesReceiver(IMethodSymbol method)
    {
        if (!Receivers.TryGetValue(TypeName(method.ContainingType), out var rule) || !rule.Charges(method.Name))
        {
            return false;
        }

        // LinkedList.Remove(node) unlinks in constant time; Remove(value) searches.
        return !(method.Name == "Remove" && method.Parameters is [{ Type.Name: "LinkedListNode" }]);
    }

    /// <summary>Whether the arguments of a call of <paramref name="member"/> may be charged at all.</summary>
    public static bool ChargesArguments(ISymbol member)
        => !(FreeArguments.TryGetValue(TypeName(member.ContainingType), out var free) && free.Contains(member.Name));

    /// <summary>Whether a string handed to a type-parameter parameter of <paramref name="member"/> is hashed or compared.</summary>
    public static bool HashesArguments(ISymbol member)
        => Hashing.Contains(TypeName(member.ContainingType))
           || member.Name is "Contains" or "IndexOf" or "LastIndexOf" or "Remove" or "BinarySearch";

    /// <summary>Whether <paramref name="member"/> belongs to the BCL (compiled, in a <c>System</c> namespace).</summary>
    public static bool IsBcl(ISymbol member)
        => member.ContainingType is not null
           && member.Locations.All(l => l.IsInMetadata)
           && member.ContainingNamespace?.ToDisplayString() is { } ns
           && (ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal));

    /// <summary>
    /// Whether <paramref name="type"/> is a hash table whose work in a full pass (<c>Clear</c>,
    /// enumeration, <c>First()</c>) grows with its capacity, not its count: removed entries stay in
    /// place until the slot is reused, so a table filled to a million and emptied to one still costs
    /// a million to walk. Such a table is charged by <c>EnsureCapacity(0)</c>, which only reads it.
    /// </summary>
    public static bool IsHashTable(ITypeSymbol type)
        => type is INamedTypeSymbol named && TypeName(named) is Generic + "Dictionary`2" or Generic + "HashSet`1";

    /// <summary>
    /// Whether <paramref name="method"/> searches its receiver (or first argument) for a sequence of
    /// elements, or for any of a set, given as a string, array or span: the work is up to the
    /// product of the two sizes (<c>s.IndexOf(t)</c>, <c>span.IndexOfAny(values)</c>, <c>s.Split(separators)</c>,
    /// <c>s.Trim(chars)</c>).
    /// </summary>
    public static bool Searches(IMethodSymbol method)
        => method.Name is "IndexOf" or "LastIndexOf" or "Contains" or "Replace" or "Split" or "SplitAny" or "IndexOfAny"
               or "LastIndexOfAny" or "IndexOfAnyExcept" or "LastIndexOfAnyExcept" or "ContainsAny" or "ContainsAnyExcept"
               or "Count" or "Trim" or "TrimStart" or "TrimEnd" or "Remove"
           && TypeName(method.ContainingType) is "System.String" or "System.MemoryExtensions" or "System.Span`1"
               or "System.ReadOnlySpan`1"
           || (method.Name == "Replace" && TypeName(method.ContainingType) == "System.Text.StringBuilder")
           || (method.Name is "IndexOf" or "LastIndexOf" && TypeName(method.ContainingType) == "System.Array")
           || (method.Name is "IndexOf" or "LastIndexOf" or "Contains" && TypeName(method.ContainingType) == Generic + "List`1");

    /// <summary>
    /// Whether a count or capacity handed to <paramref name="method"/> leaves its other operands'
    /// work unbounded, so that they are charged as if no count were given: <c>s.Split(chars, 2)</c>
    /// still scans all of <c>s</c>, <c>list.RemoveRange(0, 1)</c> shifts the rest of the list, and
    /// <c>new StringBuilder(s, 16)</c> copies all of <c>s</c>.
    /// </summary>
    public static bool CountBoundsNothing(IMethodSymbol method)
        => (method.Name, TypeName(method.ContainingType)) is ("Split", "System.String") or ("RemoveRange", Generic + "List`1")
               or (".ctor", "System.Text.StringBuilder");

    /// <summary>Whether <paramref name="method"/> is one of <c>System.Linq</c>'s.</summary>
    public static bool IsLinq(IMethodSymbol method)
        => method.ContainingNamespace is { Name: "Linq", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    /// <summary>A type's metadata name as the tables spell it: <c>System.Collections.Generic.Dictionary`2+KeyCollection</c>.</summary>
    public static string TypeName(INamedTypeSymbol type)
    {
        var definition = type.OriginalDefinition;
        return definition.ContainingType is { } outer
            ? TypeName(outer) + "+" + definition.MetadataName
            : definition.ContainingNamespace.ToDisplayString() + "." + definition.MetadataName;
    }

    private sealed class Rule(bool listedAreCharged, HashSet<string> members)
    {
        public static Rule Only(params string[] members) => new(listedAreCharged: true, new HashSet<string>(members, StringComparer.Ordinal));

        public static Rule AllBut(params string[] members) => new(listedAreCharged: false, new HashSet<string>(members, StringComparer.Ordinal));

        public bool Charges(string member) => members.Contains(member) == listedAreCharged;
    }
}
