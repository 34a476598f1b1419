namespace HmsTrace.Report;

/// <summary>Limits that keep a report of a large sweep readable. Immutable.</summary>
public sealed record ReportOptions
{
    /// <summary>The defaults.</summary>
    public static ReportOptions Default { get; } = new();

    /// <summary>
    /// Most runs drawn as lines in one hit-rate chart (default 8); the rest are named in a note and listed in the
    /// ranking table. Runs are chosen best-ranked run of each policy first, then by rank.
    /// </summary>
    public int MaxLines { get; init; } = 8;

    /// <summary>Most small-multiple panels per view (resident bytes, migrations) per trace (default 6).</summary>
    public int MaxPanels { get; init; } = 6;

    /// <summary>Most characters of a run label before it is cut with an ellipsis (default 48; the full label is a tooltip).</summary>
    public int MaxLabelChars { get; init; } = 48;
}
