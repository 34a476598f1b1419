namespace HmsTrace.Scripting.Checking;

/// <summary>The diagnostic ids of the IL check (documented in docs/policies.md).</summary>
internal static class IlCheckIds
{
    /// <summary>A referenced assembly outside the policy references.</summary>
    public const string AssemblyReference = "HMS0101";

    /// <summary>A referenced type outside the allow-list.</summary>
    public const string TypeReference = "HMS0102";

    /// <summary>A referenced member outside the allow-list (or a compiler-support member outside compiler-generated code).</summary>
    public const string MemberReference = "HMS0103";

    /// <summary>P/Invoke, module references, internal calls or methods without a body.</summary>
    public const string Interop = "HMS0104";

    /// <summary>A module initializer, global method, finalizer or static constructor with mutable state.</summary>
    public const string ImplicitExecution = "HMS0105";

    /// <summary>A forbidden opcode (calli, jmp, tail., arglist, typed references, block copy/init, break).</summary>
    public const string Opcode = "HMS0106";

    /// <summary>A <c>localloc</c> of a non-constant or too large size, or inside a loop.</summary>
    public const string StackAlloc = "HMS0107";

    /// <summary>An exception filter or a catch that could swallow the stop signal.</summary>
    public const string Catch = "HMS0108";

    /// <summary>Explicit layout or field offsets (type confusion).</summary>
    public const string Layout = "HMS0109";

    /// <summary>A static field that is neither readonly nor constant.</summary>
    public const string StaticState = "HMS0110";

    /// <summary>Pointers or function pointers in signatures.</summary>
    public const string Pointer = "HMS0111";
}
