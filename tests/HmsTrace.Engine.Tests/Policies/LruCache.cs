namespace HmsTrace.Engine.Tests.Policies;

/// <summary>An obviously correct LRU cache simulator: a list ordered from most to least recently used.</summary>
internal static class LruCache
{
    /// <summary>Misses on a page trace: every page is a datum touched at each occurrence.</summary>
    public static long Misses(IEnumerable<ulong> pages, int capacity)
        => Misses(pages.Select(p => (true, (long)p)), capacity);

    /// <summary>Misses on touches and drops of data (<see cref="DataEvents"/>): a touch moves its datum to the front, a drop removes it.</summary>
    public static long Misses(IEnumerable<(bool Touch, long Id)> events, int capacity)
    {
        var cache = new List<long>();
        long misses = 0;
        foreach (var (touch, id) in events)
        {
            if (!cache.Remove(id) && touch)
            {
                misses++;
                if (cache.Count == capacity)
                {
                    cache.RemoveAt(cache.Count - 1);
                }
            }

            if (touch)
            {
                cache.Insert(0, id);
            }
        }

        return misses;
    }
}
