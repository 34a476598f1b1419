namespace HmsTrace.Scripting;

/// <summary>Which check before a policy runs produced a diagnostic.</summary>
public enum PolicyCheckLayer
{
    /// <summary>The C# compiler (syntax, types, fixed options such as no unsafe code, refused <c>#r</c>/<c>#load</c>).</summary>
    Compiler = 0,

    /// <summary>The HmsTrace Roslyn analyzers (HMS0001…HMS0019), run fail-closed.</summary>
    Analyzer = 1,

    /// <summary>The check of the emitted assembly's metadata and IL against the allow-list (HMS0101…).</summary>
    IlCheck = 2,

    /// <summary>The loader itself: unreadable file, policy class not found, internal failures (fail closed).</summary>
    Loader = 3,
}
