namespace HmsTrace.Engine.Ranges;

/// <summary>
/// The sorted, non-overlapping extents of one process, stored in chunks of at most
/// <see cref="ChunkCapacity"/> entries so that inserting or removing an entry moves at most one
/// chunk's worth of memory, whatever the number of ranges. Lookups binary-search the chunks, then the
/// chunk, after trying the last hit (traces are local). Gaps between entries are unmapped memory.
/// Memory grows with the number of ranges, never with the footprint. Not thread-safe.
/// </summary>
internal sealed class RangeMap
{
    public const int ChunkCapacity = 64;

    private readonly List<RangeEntry[]> _chunks = [];
    private readonly List<int> _counts = [];
    private int _lastChunk;
    private int _lastIndex;

    public int Count { get; private set; }

    /// <summary>A position in the map: chunk and index inside it.</summary>
    public readonly record struct Position(int Chunk, int Index);

    public ref RangeEntry this[Position p] => ref _chunks[p.Chunk][p.Index];

    /// <summary>Finds the entry containing <paramref name="page"/>.</summary>
    public bool TryFind(ulong page, out Position position)
    {
        if (_lastChunk < _chunks.Count && _lastIndex < _counts[_lastChunk])
        {
            ref var cached = ref _chunks[_lastChunk][_lastIndex];
            if (page >= cached.Start && page < cached.End)
            {
                position = new Position(_lastChunk, _lastIndex);
                return true;
            }
        }

        position = LowerBound(page);
        if (Previous(position, out var before) && this[before].End > page)
        {
            position = before;
            _lastChunk = before.Chunk;
            _lastIndex = before.Index;
            return true;
        }

        return false;
    }

    /// <summary>The position of the first entry whose start is greater than <paramref name="page"/> (may be <see cref="EndPosition"/>).</summary>
    public Position LowerBound(ulong page)
    {
        var lo = 0;
        var hi = _chunks.Count - 1;
        var chunk = 0;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_chunks[mid][0].Start <= page)
            {
                chunk = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        if (_chunks.Count == 0)
        {
            return new Position(0, 0);
        }

        var items = _chunks[chunk];
        var count = _counts[chunk];
        int a = 0, b = count;
        while (a < b)
        {
            var mid = (a + b) >>> 1;
            if (items[mid].Start <= page)
            {
                a = mid + 1;
            }
            else
            {
                b = mid;
            }
        }

        return Normalize(new Position(chunk, a));
    }

    public Position First => Normalize(new Position(0, 0));

    public bool IsEnd(Position p) => p.Chunk >= _chunks.Count;

    public Position EndPosition => new(_chunks.Count, 0);

    public Position Next(Position p) => Normalize(new Position(p.Chunk, p.Index + 1));

    public bool Previous(Position p, out Position before)
    {
        if (p.Index > 0)
        {
            before = new Position(p.Chunk, p.Index - 1);
            return true;
        }

        if (p.Chunk > 0 && p.Chunk <= _chunks.Count)
        {
            before = new Position(p.Chunk - 1, _counts[p.Chunk - 1] - 1);
            return true;
        }

        before = default;
        return false;
    }

    /// <summary>Inserts <paramref name="entry"/> before <paramref name="at"/>; returns where it went.</summary>
    public Position Insert(Position at, in RangeEntry entry)
    {
        if (_chunks.Count == 0)
        {
            _chunks.Add(new RangeEntry[ChunkCapacity]);
            _counts.Add(0);
            at = new Position(0, 0);
        }
        else if (at.Chunk >= _chunks.Count)
        {
            at = new Position(_chunks.Count - 1, _counts[^1]);
        }

        if (_counts[at.Chunk] == ChunkCapacity)
        {
            SplitChunk(at.Chunk);
            if (at.Index > ChunkCapacity / 2)
            {
                at = new Position(at.Chunk + 1, at.Index - (ChunkCapacity / 2));
            }
        }

        var items = _chunks[at.Chunk];
        var count = _counts[at.Chunk];
        Array.Copy(items, at.Index, items, at.Index + 1, count - at.Index);
        items[at.Index] = entry;
        _counts[at.Chunk] = count + 1;
        Count++;
        _lastChunk = at.Chunk;
        _lastIndex = at.Index;
        return at;
    }

    /// <summary>Removes the entry at <paramref name="at"/>; returns the position of the entry that followed it.</summary>
    public Position RemoveAt(Position at)
    {
        var items = _chunks[at.Chunk];
        var count = _counts[at.Chunk];
        Array.Copy(items, at.Index + 1, items, at.Index, count - at.Index - 1);
        items[count - 1] = default;
        _counts[at.Chunk] = count - 1;
        Count--;
        _lastChunk = 0;
        _lastIndex = 0;
        if (count - 1 == 0)
        {
            _chunks.RemoveAt(at.Chunk);
            _counts.RemoveAt(at.Chunk);
            return new Position(at.Chunk, 0);
        }

        return Normalize(at);
    }

    private void SplitChunk(int chunk)
    {
        var items = _chunks[chunk];
        var half = ChunkCapacity / 2;
        var right = new RangeEntry[ChunkCapacity];
        Array.Copy(items, half, right, 0, ChunkCapacity - half);
        Array.Clear(items, half, ChunkCapacity - half);
        _counts[chunk] = half;
        _chunks.Insert(chunk + 1, right);
        _counts.Insert(chunk + 1, ChunkCapacity - half);
    }

    private Position Normalize(Position p)
    {
        while (p.Chunk < _chunks.Count && p.Index >= _counts[p.Chunk])
        {
            p = new Position(p.Chunk + 1, 0);
        }

        return p;
    }
}
