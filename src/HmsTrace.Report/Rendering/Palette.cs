namespace HmsTrace.Report.Rendering;

/// <summary>Colours: runs (Tableau 10), targets (ColorBrewer Dark2), migration outcomes, and a heat ramp.</summary>
internal static class Palette
{
    private static readonly string[] Series = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
    private static readonly string[] Targets = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"];

    /// <summary>Sequential ramp from pale yellow to dark red (ColorBrewer YlOrRd, 9 classes).</summary>
    public static IReadOnlyList<string> Heat { get; } = ["#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#bd0026", "#800026"];

    /// <summary>Migration outcomes in the order they are stacked (successes at the bottom).</summary>
    public static IReadOnlyList<string> OutcomeOrder { get; } = ["moved", "partial", "pinned", "no_capacity", "denied", "nothing_populated"];

    public static string Run(int index) => Series[index % Series.Length];

    public static string Target(int index) => Targets[index % Targets.Length];

    public static string Outcome(string outcome) => outcome switch
    {
        "moved" => "#59a14f",
        "partial" => "#edc948",
        "pinned" => "#b07aa1",
        "no_capacity" => "#e15759",
        "denied" => "#9c755f",
        "nothing_populated" => "#bab0ac",
        _ => "#4e79a7",
    };
}
