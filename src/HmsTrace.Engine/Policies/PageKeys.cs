using HmsTrace.Policy;

namespace HmsTrace.Engine.Policies;

/// <summary>Finding a policy's per-page state inside an unmapped or moved range.</summary>
internal static class PageKeys
{
    /// <summary>
    /// The kept keys that lie in <c>[StartPage, EndPage)</c> of <paramref name="context"/>'s
    /// process: probed page by page when the range is shorter than a pass over <paramref name="all"/>
    /// (which costs <paramref name="scanCost"/> steps: the table's slots, not its count, for a table
    /// that keeps its size after removals), else found by that pass. Either way the cost is bounded
    /// by the smaller of the two, so neither a huge unmap nor a huge cache makes every unmap slow.
    /// </summary>
    public static List<(uint Pid, ulong Page)> In(UnmapContext context, int scanCost, Func<(uint Pid, ulong Page), bool> contains, IEnumerable<(uint Pid, ulong Page)> all)
    {
        var keys = new List<(uint Pid, ulong Page)>();
        if (context.EndPage - context.StartPage <= (ulong)scanCost)
        {
            for (var page = context.StartPage; page < context.EndPage; page++)
            {
                if (contains((context.ProcessId, page)))
                {
                    keys.Add((context.ProcessId, page));
                }
            }
        }
        else
        {
            foreach (var key in all)
            {
                if (key.Pid == context.ProcessId && key.Page >= context.StartPage && key.Page < context.EndPage)
                {
                    keys.Add(key);
                }
            }
        }

        return keys;
    }
}
