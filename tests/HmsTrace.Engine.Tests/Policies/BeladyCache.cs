namespace HmsTrace.Engine.Tests.Policies;

/// <summary>
/// An obviously correct Belady MIN cache: on a miss with a full cache, scan the rest of the trace
/// and evict the cached page used farthest in the future (or never again). Quadratic, for tests.
/// </summary>
internal static class BeladyCache
{
    public static long Misses(ulong[] pages, int capacity)
    {
        var cache = new List<ulong>();
        long misses = 0;
        for (var i = 0; i < pages.Length; i++)
        {
            if (cache.Contains(pages[i]))
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
                    var next = Array.IndexOf(pages, candidate, i + 1);
                    var distance = next < 0 ? int.MaxValue : next;
                    if (distance > farthest)
                    {
                        farthest = distance;
                        victim = candidate;
                    }
                }

                cache.Remove(victim);
            }

            cache.Add(pages[i]);
        }

        return misses;
    }
}
