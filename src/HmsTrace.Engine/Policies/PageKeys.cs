using HmsTrace.Policy;

namespace HmsTrace.Engine.Policies;

/// <summary>Finding a policy's per-page state inside an unmapped or moved range.</summary>
internal static class PageKeys
{
    /// <summary>
    /// The keys among <paramref name="count"/> kept ones that lie in <c>[StartPage, EndPage)</c> of
    /// <paramref name="context"/>'s process: probed page by page when the range is the shorter,
    /// else found by one pass over <paramref name="all"/>. Either way the cost is bounded by the
    /// smaller of the two, so neither a huge unmap nor a huge cache makes every unmap slow.
    /// </summary>
    public static List<(uint Pid, ulong Page)> In(UnmapContext context, int count, Func<(uint Pid, ulong Page), bool> contains, IEnumerable<(uint Pid, ulong Page)> all)
    {
        var keys = new List<(uint Pid, ulong Page)>();
        if (context.EndPage - context.StartPage <= (ulong)count)
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
