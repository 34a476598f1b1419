namespace HmsTrace.Report.Rendering;

/// <summary>One line of a line chart: points in base units; a NaN y breaks the line.</summary>
internal sealed record LineSeries(string Label, string Color, IReadOnlyList<(double X, double Y)> Points);
