namespace HmsTrace.Engine.Tests.Policies;

/// <summary>
/// An obviously correct Belady MIN cache: on a miss with a full cache, scan the rest of the trace
/// and evict the cached datum used farthest in the future (or never again). Quadratic, for tests.
/// </summary>
internal static class BeladyCache
{
    /// <summary>Misses on a page trace: every page is a datum touched at each occurrence.</summary>
    public static long Misses(ulong[] pages, int capacity)
        => Misses(pages.Select(p => (true, (long)p)).ToList(), capacity);

    /// <summary>
    /// Misses on touches and drops of data (<see cref="DataEvents"/>): a datum dropped before its
    /// next touch is never touched again (ids are not reused); a drop frees its place.
    /// </summary>
    public static long Misses(List<(bool Touch, long Id)> events, int capacity)
    {
        var cache = new List<long>();
        long misses = 0;
        for (var i = 0; i < events.Count; i++)
        {
            var (touch, id) = events[i];
            if (!touch)
            {
                cache.Remove(id);
                continue;
            }

            if (cache.Contains(id))
            {
                continue;
            }

            misses++;
            if (cache.Count == capacity)
            {
                var victim = cache[0];
                var farthest = -1;
                foreach (var candidate in cache)
                {
                    var next = events.FindIndex(i + 1, e => e.Touch && e.Id == candidate);
                    var distance = next < 0 ? int.MaxValue : next;
                    if (distance > farthest)
                    {
                        farthest = distance;
                        victim = candidate;
                    }
                }

                cache.Remove(victim);
            }

            cache.Add(id);
        }

        return misses;
    }
}
