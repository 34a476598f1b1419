namespace HmsTrace.Engine.Ranges;

/// <summary>
/// The sorted, non-overlapping extents of one process, stored in chunks of at most
/// <see cref="ChunkCapacity"/> entries so that inserting or removing an entry moves at most one
/// chunk's worth of memory, whatever the number of ranges. A contiguous array of each chunk's first
/// start makes the lookup a binary search over one small array, then over one chunk; the last hit is
/// tried first because traces are local. Gaps between entries are unmapped memory. Memory grows with
/// the number of ranges, never with the footprint. Not thread-safe.
/// </summary>
/// <remarks>
/// Entries are handed out by reference for in-place updates of everything but <see cref="RangeEntry.Start"/>:
/// a start changes only through <see cref="MoveStart"/>, which keeps the chunk index right.
/// </remarks>
internal sealed class RangeMap
{
    public const int ChunkCapacity = 64;

    private RangeEntry[][] _chunks = new RangeEntry[4][];
    private int[] _counts = new int[4];
    private ulong[] _firstStart = new ulong[4];
    private int _chunkCount;
    private int _lastChunk;
    private int _lastIndex;

    public int Count { get; private set; }

    /// <summary>A position in the map: chunk and index inside it.</summary>
    public readonly record struct Position(int Chunk, int Index);

    public ref RangeEntry this[Position p] => ref _chunks[p.Chunk][p.Index];

    public Position First => Normalize(new Position(0, 0));

    public Position EndPosition => new(_chunkCount, 0);

    public bool IsEnd(Position p) => p.Chunk >= _chunkCount;

    /// <summary>Finds the entry containing <paramref name="page"/>.</summary>
    public bool TryFind(ulong page, out Position position)
    {
        if (_lastChunk < _chunkCount && _lastIndex < _counts[_lastChunk])
        {
            ref var cached = ref _chunks[_lastChunk][_lastIndex];
            if (page >= cached.Start && page < cached.End)
            {
                position = new Position(_lastChunk, _lastIndex);
                return true;
            }
        }

        position = LowerBound(page);
        if (Previous(position, out var before) && _chunks[before.Chunk][before.Index].End > page)
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
        if (_chunkCount == 0)
        {
            return new Position(0, 0);
        }

        // Last chunk whose first start is <= page (or chunk 0).
        var starts = _firstStart.AsSpan(0, _chunkCount);
        int lo = 1, hi = starts.Length - 1, chunk = 0;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (starts[mid] <= page)
            {
                chunk = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        var items = _chunks[chunk];
        int a = 0, b = _counts[chunk];
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

    public Position Next(Position p) => Normalize(new Position(p.Chunk, p.Index + 1));

    public bool Previous(Position p, out Position before)
    {
        if (p.Index > 0)
        {
            before = new Position(p.Chunk, p.Index - 1);
            return true;
        }

        if (p.Chunk > 0 && p.Chunk <= _chunkCount)
        {
            before = new Position(p.Chunk - 1, _counts[p.Chunk - 1] - 1);
            return true;
        }

        before = default;
        return false;
    }

    /// <summary>Changes the start of the entry at <paramref name="p"/> (it must stay between its neighbours).</summary>
    public void MoveStart(Position p, ulong start)
    {
        _chunks[p.Chunk][p.Index].Start = start;
        if (p.Index == 0)
        {
            _firstStart[p.Chunk] = start;
        }
    }

    /// <summary>Inserts <paramref name="entry"/> before <paramref name="at"/>; returns where it went.</summary>
    public Position Insert(Position at, in RangeEntry entry)
    {
        if (_chunkCount == 0)
        {
            InsertChunk(0);
            at = new Position(0, 0);
        }
        else if (at.Chunk >= _chunkCount)
        {
            at = new Position(_chunkCount - 1, _counts[_chunkCount - 1]);
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
        if (at.Index < count)
        {
            Array.Copy(items, at.Index, items, at.Index + 1, count - at.Index);
        }

        items[at.Index] = entry;
        _counts[at.Chunk] = count + 1;
        if (at.Index == 0)
        {
            _firstStart[at.Chunk] = entry.Start;
        }

        Count++;
        _lastChunk = at.Chunk;
        _lastIndex = at.Index;
        return at;
    }

    /// <summary>Removes the entry at <paramref name="at"/>; returns the position of the entry that followed it.</summary>
    public Position RemoveAt(Position at)
    {
        var items = _chunks[at.Chunk];
        var count = _counts[at.Chunk] - 1;
        if (at.Index < count)
        {
            Array.Copy(items, at.Index + 1, items, at.Index, count - at.Index);
        }

        items[count] = default;
        _counts[at.Chunk] = count;
        Count--;
        _lastChunk = 0;
        _lastIndex = 0;
        if (count == 0)
        {
            RemoveChunk(at.Chunk);
            return new Position(at.Chunk, 0);
        }

        if (at.Index == 0)
        {
            _firstStart[at.Chunk] = items[0].Start;
        }

        return Normalize(at);
    }

    private void InsertChunk(int at)
    {
        if (_chunkCount == _chunks.Length)
        {
            Array.Resize(ref _chunks, _chunks.Length * 2);
            Array.Resize(ref _counts, _counts.Length * 2);
            Array.Resize(ref _firstStart, _firstStart.Length * 2);
        }

        Array.Copy(_chunks, at, _chunks, at + 1, _chunkCount - at);
        Array.Copy(_counts, at, _counts, at + 1, _chunkCount - at);
        Array.Copy(_firstStart, at, _firstStart, at + 1, _chunkCount - at);
        _chunks[at] = new RangeEntry[ChunkCapacity];
        _counts[at] = 0;
        _firstStart[at] = 0;
        _chunkCount++;
    }

    private void RemoveChunk(int at)
    {
        Array.Copy(_chunks, at + 1, _chunks, at, _chunkCount - at - 1);
        Array.Copy(_counts, at + 1, _counts, at, _chunkCount - at - 1);
        Array.Copy(_firstStart, at + 1, _firstStart, at, _chunkCount - at - 1);
        _chunkCount--;
        _chunks[_chunkCount] = null!;
    }

    private void SplitChunk(int chunk)
    {
        InsertChunk(chunk + 1);
        var items = _chunks[chunk];
        var right = _chunks[chunk + 1];
        const int half = ChunkCapacity / 2;
        Array.Copy(items, half, right, 0, ChunkCapacity - half);
        Array.Clear(items, half, ChunkCapacity - half);
        _counts[chunk] = half;
        _counts[chunk + 1] = ChunkCapacity - half;
        _firstStart[chunk + 1] = right[0].Start;
    }

    private Position Normalize(Position p)
    {
        while (p.Chunk < _chunkCount && p.Index >= _counts[p.Chunk])
        {
            p = new Position(p.Chunk + 1, 0);
        }

        return p;
    }
}
