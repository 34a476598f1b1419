using System.Diagnostics;
using System.Globalization;
using HmsTrace.Traces;

namespace HmsTrace.Engine.Bench;

/// <summary>
/// The floor under the engine's lru numbers: a bare LRU page-cache simulator (a hash index and an
/// intrusive recency list, as libCacheSim's LRU is) over the same records, with no placement
/// engine: no ranges, statistics, costs, epochs or migration rows. Its hit rate must equal the
/// engine's lru run; its speed is what any per-access work the engine adds is measured against.
/// </summary>
public static class LruFloor
{
    public static (long Records, TimeSpan Elapsed, double HitRate) Run(TraceRecord[] records, int capacityPages, int pageShift = 12)
    {
        var index = new Dictionary<ulong, int>(capacityPages);
        var pages = new ulong[capacityPages];
        var prev = new int[capacityPages];
        var next = new int[capacityPages];
        int head = -1, tail = -1, used = 0;
        long accesses = 0, hits = 0;
        var clock = Stopwatch.StartNew();
        foreach (ref readonly var r in records.AsSpan())
        {
            if (!r.IsAccess || r.Size == 0)
            {
                continue;
            }

            for (var page = r.Address >> pageShift; page <= (r.Address + r.Size - 1) >> pageShift; page++)
            {
                accesses++;
                if (index.TryGetValue(page, out var node))
                {
                    hits++;
                    if (node == head)
                    {
                        continue;
                    }

                    // Unlink, then push to the front.
                    next[prev[node]] = next[node];
                    if (next[node] >= 0)
                    {
                        prev[next[node]] = prev[node];
                    }
                    else
                    {
                        tail = prev[node];
                    }
                }
                else
                {
                    if (used < capacityPages)
                    {
                        node = used++;
                    }
                    else
                    {
                        // Evict the least recently used page and reuse its node.
                        node = tail;
                        index.Remove(pages[node]);
                        tail = prev[node];
                        if (tail >= 0)
                        {
                            next[tail] = -1;
                        }
                        else
                        {
                            head = -1;
                        }
                    }

                    pages[node] = page;
                    index[page] = node;
                }

                prev[node] = -1;
                next[node] = head;
                if (head >= 0)
                {
                    prev[head] = node;
                }

                head = node;
                if (tail < 0)
                {
                    tail = node;
                }
            }
        }

        return (records.Length, clock.Elapsed, accesses == 0 ? 0 : (double)hits / accesses);
    }

    public static void Report(string name, (long Records, TimeSpan Elapsed, double HitRate) r)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-30} {r.Records / r.Elapsed.TotalSeconds / 1e6,7:0.00} M records/s  ({r.Records:N0} in {r.Elapsed.TotalSeconds:0.00} s; hit rate {r.HitRate:P2})"));
}
