namespace HmsTrace.Report.Rendering;

/// <summary>
/// Values over consecutive x intervals <c>[Starts[i], Ends[i])</c>, one layer per category, stacked in layer order.
/// </summary>
internal sealed record StackedSeries(double[] Starts, double[] Ends, IReadOnlyList<(string Label, string Color, double[] Values)> Layers)
{
    /// <summary>The largest stacked total.</summary>
    public double MaxTotal()
    {
        var max = 0.0;
        for (var i = 0; i < Starts.Length; i++)
        {
            var total = 0.0;
            foreach (var layer in Layers)
            {
                total += layer.Values[i];
            }

            max = Math.Max(max, total);
        }

        return max;
    }
}
