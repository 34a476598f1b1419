namespace HmsTrace.Report.Rendering;

/// <summary>
/// One chart axis: the value range in base units (ns, bytes, fractions, counts), the display unit, and a title.
/// <paramref name="FixedTicks"/> replaces computed ticks (values in base units) for categorical axes such as addresses.
/// </summary>
internal sealed record Axis(double Min, double Max, ScaledUnit Unit, string Title, bool Integer = false, IReadOnlyList<(double Value, string Text)>? FixedTicks = null)
{
    /// <summary>The title with its unit, e.g. <c>trace time (ms)</c>.</summary>
    public string Caption => Unit.Name.Length > 0 ? $"{Title} ({Unit.Name})" : Title;
}
