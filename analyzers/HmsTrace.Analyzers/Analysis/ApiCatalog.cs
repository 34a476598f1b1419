using System;
using System.Collections.Generic;

namespace HmsTrace.Analyzers.Analysis;

/// <summary>
/// Why an API is not available: which APIs are nondeterministic (HMS0006 rather than HMS0001)
/// and the reason text each diagnostic carries. The allow-list itself is <see cref="PolicyAllowList"/>;
/// everything here is also absent from it.
/// </summary>
internal static class ApiCatalog
{
    private const string TimeReason =
        "wall-clock time differs between runs; use the record index or epoch number the engine passes to hooks";

    private const string RandomReason =
        "randomness differs between runs; use a deterministic generator such as xorshift with a constant seed";

    private const string HashReason =
        "hash codes of strings, objects and tuples are randomised per process; compare ordinally or write your own deterministic hash";

    private const string FloatReason =
        "transcendental floating-point results differ between CPUs and runtimes; use integer or fixed-point arithmetic";

    private static readonly Dictionary<string, string> NondeterministicTypes = new(StringComparer.Ordinal)
    {
        ["System.DateTime"] = TimeReason,
        ["System.DateTimeOffset"] = TimeReason,
        ["System.TimeProvider"] = TimeReason,
        ["System.TimeZoneInfo"] = TimeReason,
        ["System.Diagnostics.Stopwatch"] = TimeReason,
        ["System.Random"] = RandomReason,
        ["System.Guid"] = RandomReason,
        ["System.Security.Cryptography.RandomNumberGenerator"] = RandomReason,
        ["System.HashCode"] = HashReason,
    };

    private static readonly HashSet<string> Transcendental = new(StringComparer.Ordinal)
    {
        "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Atan2", "Sinh", "Cosh", "Tanh", "Asinh", "Acosh",
        "Atanh", "SinCos", "SinPi", "CosPi", "TanPi", "AsinPi", "AcosPi", "AtanPi", "Atan2Pi", "SinCosPi",
        "Exp", "Exp2", "Exp10", "ExpM1", "Exp2M1", "Exp10M1", "Log", "Log2", "Log10", "LogP1", "Log2P1",
        "Log10P1", "Pow", "Cbrt", "RootN", "Hypot", "ReciprocalEstimate", "ReciprocalSqrtEstimate",
    };

    // First match wins; more specific prefixes first.
    private static readonly KeyValuePair<string, string>[] ForbiddenReasons =
    {
        new("System.Runtime.CompilerServices.Unsafe", "unsafe memory access escapes the sandbox"),
        new("System.Runtime.InteropServices", "interop and marshalling escape the sandbox"),
        new("System.Runtime.Loader", "loading code escapes the sandbox"),
        new("System.Reflection", "reflection escapes the sandbox"),
        new("System.Type", "reflection escapes the sandbox"),
        new("System.RuntimeTypeHandle", "reflection escapes the sandbox"),
        new("System.Activator", "reflection escapes the sandbox"),
        new("System.Object.GetType", "reflection escapes the sandbox"),
        new("System.Linq.Expressions", "expression trees compile code at run time"),
        new("System.IO", "file and stream I/O is not available; the engine passes everything a hook needs"),
        new("System.Net", "network access is not available"),
        new("System.Diagnostics.Process", "processes are not available"),
        new("System.Threading", "threads, tasks and synchronisation are not available; hooks run on one thread"),
        new("System.GC", "the process and its environment are not available to policies"),
        new("System.Environment", "the process and its environment are not available to policies"),
        new("System.AppDomain", "the process and its environment are not available to policies"),
        new("System.AppContext", "the process and its environment are not available to policies"),
        new("System.Console", "the console is not available; policies report through the policy API"),
        new("System.Dynamic", "dynamic binding is not available"),
    };

    /// <summary>The reason a type is nondeterministic, or null.</summary>
    public static string? NondeterministicTypeReason(string typeName) =>
        NondeterministicTypes.TryGetValue(typeName, out var reason) ? reason : null;

    /// <summary>The reason a member is nondeterministic, or null (type-level reasons included).</summary>
    public static string? NondeterministicMemberReason(string typeName, string memberName)
    {
        var typeReason = NondeterministicTypeReason(typeName);
        if (typeReason is not null)
        {
            return typeReason;
        }

        switch (typeName)
        {
            case "System.Environment" when memberName is "TickCount" or "TickCount64":
                return TimeReason;
            case "System.Math" or "System.MathF" or "System.Double" or "System.Single" when Transcendental.Contains(memberName):
                return FloatReason;
            default:
                return null;
        }
    }

    /// <summary>The reason text for a hash-code call.</summary>
    public static string HashCodeReason => HashReason;

    /// <summary>The reason a type or member (<c>Type.Member</c>) is not on the allow-list.</summary>
    public static string ForbiddenReason(string qualifiedName)
    {
        foreach (var entry in ForbiddenReasons)
        {
            if (qualifiedName == entry.Key
                || qualifiedName.StartsWith(entry.Key + ".", StringComparison.Ordinal)
                || qualifiedName.StartsWith(entry.Key + "`", StringComparison.Ordinal)
                || qualifiedName.StartsWith(entry.Key + "+", StringComparison.Ordinal))
            {
                return entry.Value;
            }
        }

        return "only the policy API and a deterministic subset of the BCL are available";
    }
}
