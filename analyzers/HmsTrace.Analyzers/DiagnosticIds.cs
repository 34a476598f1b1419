using System;
using System.Collections.Generic;

namespace HmsTrace.Analyzers;

/// <summary>
/// The identifiers of every HmsTrace policy diagnostic. The script loader rejects a policy when
/// any diagnostic whose id starts with <see cref="Prefix"/> is reported, suppressed or not.
/// </summary>
public static class DiagnosticIds
{
    /// <summary>The prefix shared by all policy diagnostics.</summary>
    public const string Prefix = "HMS";

    /// <summary>A type or member outside the policy allow-list.</summary>
    public const string ForbiddenApi = "HMS0001";

    /// <summary>Unsafe code, pointers, interop, layout control or large or unbounded <c>stackalloc</c>.</summary>
    public const string UnsafeCode = "HMS0002";

    /// <summary><c>async</c>, <c>await</c>, <c>lock</c> or <c>volatile</c>.</summary>
    public const string Concurrency = "HMS0003";

    /// <summary>Static mutable state or <c>[ThreadStatic]</c>.</summary>
    public const string StaticMutableState = "HMS0004";

    /// <summary>A static constructor, finalizer or module initializer.</summary>
    public const string ImplicitExecution = "HMS0005";

    /// <summary>Time, randomness, hash codes or platform-dependent floating point.</summary>
    public const string Nondeterminism = "HMS0006";

    /// <summary>The <c>dynamic</c> type.</summary>
    public const string Dynamic = "HMS0007";

    /// <summary>Direct or indirect recursion.</summary>
    public const string Recursion = "HMS0008";

    /// <summary>A catch clause that could swallow the engine's stop signal.</summary>
    public const string StopSignalCatch = "HMS0009";

    /// <summary>An exception filter (<c>when</c>).</summary>
    public const string ExceptionFilter = "HMS0010";

    /// <summary>A <c>#r</c> or <c>#load</c> script directive.</summary>
    public const string ScriptDirective = "HMS0011";

    /// <summary>An attempt to suppress or downgrade a policy diagnostic.</summary>
    public const string Suppression = "HMS0012";

    /// <summary>A Unicode bidirectional control character (Trojan Source).</summary>
    public const string BidirectionalText = "HMS0013";

    /// <summary>A method named like a hook that does not override it.</summary>
    public const string HookSignature = "HMS0014";

    /// <summary>A policy file without exactly one sealed class deriving from the policy base.</summary>
    public const string PolicyClassShape = "HMS0015";

    /// <summary>An allocation on a hot hook's path (error).</summary>
    public const string HotPathAllocation = "HMS0016";

    /// <summary>An allocation on another hook's path (warning).</summary>
    public const string HookAllocation = "HMS0017";

    /// <summary>A slow pattern on a hot hook's path (warning).</summary>
    public const string HotPathSlowPattern = "HMS0018";

    /// <summary>Code outside type declarations in a policy file.</summary>
    public const string TopLevelCode = "HMS0019";

    /// <summary>Every id above, in order.</summary>
    public static IReadOnlyList<string> All { get; } = new[]
    {
        ForbiddenApi, UnsafeCode, Concurrency, StaticMutableState, ImplicitExecution, Nondeterminism,
        Dynamic, Recursion, StopSignalCatch, ExceptionFilter, ScriptDirective, Suppression,
        BidirectionalText, HookSignature, PolicyClassShape, HotPathAllocation, HookAllocation,
        HotPathSlowPattern, TopLevelCode,
    };

    /// <summary>Whether <paramref name="id"/> names a policy diagnostic (case-insensitive prefix match).</summary>
    /// <param name="id">A diagnostic id, e.g. from a <c>#pragma</c> or an attribute argument.</param>
    public static bool IsPolicyId(string? id) =>
        id is not null && id.Trim().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);
}
