namespace HmsTrace.Analyzers.Analysis;

/// <summary>Constants shared by every rule descriptor.</summary>
internal static class RuleCategory
{
    /// <summary>The one category all policy rules belong to.</summary>
    public const string Policy = "HmsTrace.Policy";
}
