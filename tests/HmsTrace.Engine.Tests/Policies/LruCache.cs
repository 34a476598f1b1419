namespace HmsTrace.Engine.Tests.Policies;

/// <summary>An obviously correct LRU cache simulator: a list ordered from most to least recently used.</summary>
internal static class LruCache
{
    public static long Misses(IEnumerable<ulong> pages, int capacity)
    {
        var cache = new List<ulong>();
        long misses = 0;
        foreach (var page in pages)
        {
            if (!cache.Remove(page))
            {
                misses++;
                if (cache.Count == capacity)
                {
                    cache.RemoveAt(cache.Count - 1);
                }
            }

            cache.Insert(0, page);
        }

        return misses;
    }
}
