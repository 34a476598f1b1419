using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HmsTrace.Engine.Ranges;

/// <summary>
/// The sorted, non-overlapping extents of one process. Gaps between entries are unmapped memory.
/// Memory grows with the number of ranges, never with the footprint. Not thread-safe.
/// </summary>
/// <remarks>
/// <para>Three parts, each doing one job:</para>
/// <list type="bullet">
/// <item><b>Entries</b> live in a pool of stable slots, doubly linked in address order, so a
/// <see cref="Position"/> is a slot number: it stays valid while other entries come and go, and
/// walking to a neighbour is one load.</item>
/// <item><b>The authority</b> answers what the cache cannot, exactly. It is one of two:
/// <list type="bullet">
/// <item>a <see cref="PageTable"/> (the default) labels every page with its entry's slot, in radix
/// levels where a span one entry covers is one value: updating it costs a few writes near the
/// changed pages (plus one per 1 GiB top block covered), whatever the number of ranges. It
/// stays while the address space is compact: at most <see cref="MaxTableBlocks"/> top blocks and
/// about one 256-byte node per range (plus <see cref="TableSlack"/>). A sparse address space
/// (ranges far apart, or one huge range) hands over, for good, to</item>
/// <item><b>the search index</b>, which holds each entry's start and slot, sorted, in pooled chunks
/// of at most <see cref="ChunkCapacity"/> with a contiguous array of each chunk's first start: a
/// lookup is a binary search over one small array, then over 64 keys (512 bytes), and an insert
/// or removal moves at most one chunk of 12-byte keys and slots, whatever the number of ranges.</item>
/// </list></item>
/// <item><b>A lookup cache</b>, direct-mapped by page number like a TLB, remembers the slot that
/// held a page. It needs no invalidation: a hit is accepted only if the slot's entry still
/// contains the page, and since the entries of one map never overlap, an entry that contains the
/// page is the answer. Its size follows the number of ranges, up to 2^<see cref="MaxCacheBits"/>
/// slots (4 MiB). Changes keep it warm: pages handed to another entry are claimed for it (see
/// <see cref="Claim"/>), a search fills in its block, and a grown cache is refilled.</item>
/// </list>
/// <para>Entries are handed out by reference for in-place updates of everything but
/// <see cref="RangeEntry.Start"/>, <see cref="RangeEntry.End"/> and the links: a start changes only
/// through <see cref="MoveStart"/>, and pages that change entries (a moved start or end, a merge)
/// must be claimed for their new entry with <see cref="Claim"/>, which keeps the page table right.
/// A reference is valid until the next <see cref="Insert"/>, which may grow the pool.</para>
/// </remarks>
internal sealed class RangeMap
{
    public const int ChunkCapacity = 64;
    public const int MinCacheBits = 10;
    public const int MaxCacheBits = 20;

    /// <summary>The most pages a change of extent claims in the lookup cache (see <see cref="Claim"/>).</summary>
    public const int ClaimLimit = 64;

    /// <summary>The aligned block of pages around a page found by search that the lookup cache then learns (256 bytes of slots).</summary>
    public const int SearchClaim = 64;

    /// <summary>Page-table nodes (256 bytes each) a map may have beyond one per range before it switches to the search index.</summary>
    public const int TableSlack = 1024;

    /// <summary>
    /// The most top blocks (2^<see cref="PageTable.TopBits"/> pages each: 1 GiB of 4 KiB pages) a
    /// map's page table may span before the map switches to the search index: relabelling a range
    /// costs a write per block it covers, so the table is kept to compact address spaces.
    /// </summary>
    public const int MaxTableBlocks = 64;

    private RangeEntry[] _entries = new RangeEntry[16];
    private int _usedSlots;
    private int _freeSlot = -1;
    private int _head = -1;
    private int _tail = -1;
    private int _last = -1;

    // The authority for lookups the cache cannot answer, while it stays compact (see
    // SwitchToIndex); null once the sorted search index below has taken over.
    private PageTable? _table;

    // Chunk c's keys and slots are ChunkCapacity places of two pools, from _store[c] × ChunkCapacity:
    // a chunk's address comes from arrays that stay cached, never from a header of its own that
    // a prefetch or a search would first have to load.
    private ulong[] _keyPool = new ulong[4 * ChunkCapacity];
    private int[] _slotPool = new int[4 * ChunkCapacity];
    private int _storesUsed;
    private readonly Stack<int> _freeStores = new();
    private int[] _store = new int[4];
    private int[] _counts = new int[4];
    private ulong[] _firstStart = new ulong[4];
    private int _chunkCount;

    // The index position of the last insertion or removal (checked before use, never trusted).
    private int _hintChunk;
    private int _hintIndex = -1;

    private int[] _cache = new int[1 << MinCacheBits];
    private ulong _cacheMask = (1UL << MinCacheBits) - 1;

    /// <summary>
    /// A map whose lookups the cache cannot answer go to a page table (<paramref name="pageTable"/>,
    /// the default) until the table would cost more than about 256 bytes per range (sparse address
    /// spaces), and to the sorted search index from then on; or to the search index from the start.
    /// </summary>
    public RangeMap(bool pageTable = true)
    {
        _table = pageTable ? new PageTable() : null;
    }

    public int Count { get; private set; }

    /// <summary>Whether the page table (not the sorted search index) is the map's authority, for tests and diagnostics.</summary>
    public bool UsesPageTable => _table is not null;

    /// <summary>How many lookups the cache could not answer and the index had to (for tests and diagnostics).</summary>
    public long LookupSearches { get; private set; }

    /// <summary>A position in the map: the slot of an entry, or -1 past the last one.</summary>
    public readonly record struct Position(int Slot);

    public ref RangeEntry this[Position p] => ref _entries[p.Slot];

    public Position First => new(_head);

    public Position EndPosition => new(-1);

    /// <summary>The number of slots of the lookup cache (for tests and diagnostics).</summary>
    public int CacheSlots => _cache.Length;

    public bool IsEnd(Position p) => p.Slot < 0;

    public Position Next(Position p) => new(_entries[p.Slot].Next);

    public bool Previous(Position p, out Position before)
    {
        var slot = p.Slot < 0 ? _tail : _entries[p.Slot].Prev;
        before = new Position(slot);
        return slot >= 0;
    }

    /// <summary>Finds the entry containing <paramref name="page"/>.</summary>
    public bool TryFind(ulong page, out Position position)
    {
        var slot = _last;
        if (slot >= 0 && Contains(slot, page))
        {
            position = new Position(slot);
            return true;
        }

        slot = _cache[(int)(page & _cacheMask)] - 1;
        if (slot >= 0 && Contains(slot, page))
        {
            _last = slot;
            position = new Position(slot);
            return true;
        }

        return TryFindBySearch(page, out position);
    }

    /// <summary>The part of <see cref="TryFind"/> past the cache, kept out of line so that the fast part inlines.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryFindBySearch(ulong page, out Position position)
    {
        LookupSearches++;
        if (_table is { } table)
        {
            var label = table.Find(page);
            if (label == 0)
            {
                position = EndPosition;
                return false;
            }

            if (!Contains(label - 1, page))
            {
                throw new InvalidOperationException($"the page table labels page {page} with an entry that does not contain it");
            }

            return Found(page, label - 1, out position);
        }

        var (chunk, index) = Floor(page);
        if (index >= 0)
        {
            var slot = Slots(chunk)[index];
            if (_entries[slot].End > page)
            {
                return Found(page, slot, out position);
            }
        }

        position = EndPosition;
        return false;
    }

    /// <summary>The end of a search that found <paramref name="page"/> in <paramref name="slot"/>.</summary>
    private bool Found(ulong page, int slot, out Position position)
    {
        // Pages near a searched one are likely next (and the cache may never have known them,
        // when their entry was too large to claim): claim the aligned block around it.
        ref var e = ref _entries[slot];
        var block = page & ~(ulong)(SearchClaim - 1);
        Fill(Math.Max(e.Start, block), Math.Min(e.End, block + SearchClaim), slot);
        _last = slot;
        position = new Position(slot);
        return true;
    }

    /// <summary>
    /// Copies the positions of all entries, in address order, into <paramref name="buffer"/>
    /// (grown when too small); returns how many. Read from the index's arrays, so a walk over them
    /// can prefetch entries ahead instead of following links one cache miss at a time.
    /// </summary>
    public int CopyPositions(ref int[] buffer)
    {
        if (buffer.Length < Count)
        {
            buffer = new int[Math.Max(Count, buffer.Length * 2)];
        }

        if (_table is { } table)
        {
            var labels = table.CopyLabels(ref buffer);
            for (var i = 0; i < labels; i++)
            {
                buffer[i]--;
            }

            return labels;
        }

        var n = 0;
        for (var c = 0; c < _chunkCount; c++)
        {
            Slots(c)[.._counts[c]].CopyTo(buffer.AsSpan(n));
            n += _counts[c];
        }

        return n;
    }

    /// <summary>Starts loading the entry in <paramref name="slot"/> (a hint).</summary>
    public void PrefetchSlot(int slot) => Prefetch.Value(ref _entries[slot]);

    /// <summary>Remembers that the entry at <paramref name="p"/> contains <paramref name="page"/>, so that the next lookup of it is immediate.</summary>
    public void Remember(ulong page, Position p)
    {
        _last = p.Slot;
        _cache[(int)(page & _cacheMask)] = p.Slot + 1;
    }

    /// <summary>
    /// Records that pages <c>[start, end)</c> now belong to the entry at <paramref name="p"/>: in
    /// the page table (required: a split, merge or moved boundary must claim the pages that changed
    /// hands), and in the lookup cache when they are at most <see cref="ClaimLimit"/> (else each
    /// later lookup of a page whose cached slot went stale would fall back to the authority).
    /// </summary>
    public void Claim(ulong start, ulong end, Position p)
    {
        _table?.Set(start, end, p.Slot + 1);
        ClaimCache(start, end, p.Slot);
    }

    /// <summary>The lookup-cache part of <see cref="Claim"/>.</summary>
    private void ClaimCache(ulong start, ulong end, int slot)
    {
        if (end - start > ClaimLimit)
        {
            return;
        }

        Fill(start, end, slot);
    }

    /// <summary>Sets the lookup-cache slots of pages <c>[start, end)</c> (at most the cache's size) to <paramref name="slot"/>: one or two runs of the array.</summary>
    private void Fill(ulong start, ulong end, int slot)
    {
        var from = (int)(start & _cacheMask);
        var count = (int)(end - start);
        var first = Math.Min(count, _cache.Length - from);
        _cache.AsSpan(from, first).Fill(slot + 1);
        if (count > first)
        {
            _cache.AsSpan(0, count - first).Fill(slot + 1);
        }
    }

    /// <summary>Look-ahead, first step: starts loading the lookup-cache slot of <paramref name="page"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PrefetchCacheSlot(ulong page) => Prefetch.Value(ref _cache[(int)(page & _cacheMask)]);

    /// <summary>Look-ahead, second step: starts loading the entry the lookup cache remembers for <paramref name="page"/>, if any.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PrefetchEntry(ulong page)
    {
        var slot = _cache[(int)(page & _cacheMask)] - 1;
        if (slot >= 0)
        {
            Prefetch.Value(ref _entries[slot]);
        }
    }

    /// <summary>Finds the entry containing <paramref name="page"/> through the lookup cache only (no search); false if the cache does not know.</summary>
    public bool TryFindCached(ulong page, out Position position)
    {
        var slot = _cache[(int)(page & _cacheMask)] - 1;
        position = new Position(slot >= 0 && Contains(slot, page) ? slot : -1);
        return position.Slot >= 0;
    }

    /// <summary>
    /// Look-ahead for a migration of the cached entry containing <paramref name="page"/>: starts
    /// loading its neighbours and the authority's place for it (a split or merge updates
    /// both). Returns the entry's position, or <see cref="EndPosition"/> when the cache has no
    /// entry for the page.
    /// </summary>
    public Position PrefetchNeighbourhood(ulong page)
    {
        var slot = _cache[(int)(page & _cacheMask)] - 1;
        if (slot < 0 || !Contains(slot, page))
        {
            return EndPosition;
        }

        ref var e = ref _entries[slot];
        if (e.Prev >= 0)
        {
            Prefetch.Value(ref _entries[e.Prev]);
        }

        if (e.Next >= 0)
        {
            Prefetch.Value(ref _entries[e.Next]);
        }

        PrefetchAuthority(e.Start);
        return new Position(slot);
    }

    /// <summary>Starts loading what the authority updates for <paramref name="start"/>: its page-table leaf, or the search-index chunk where it is or would be.</summary>
    private void PrefetchAuthority(ulong start)
    {
        if (_table is { } table)
        {
            table.Prefetch(start);
            return;
        }

        if (_chunkCount == 0)
        {
            return;
        }

        // Addresses from the pools' base (cached) alone: no load of the chunk's own lines, which is
        // what the prefetch is to avoid waiting for.
        var at = _store[FloorChunk(start)] * ChunkCapacity;
        ref var keys = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_keyPool), at);
        for (var i = 0; i < ChunkCapacity; i += 8)
        {
            Prefetch.Value(ref Unsafe.Add(ref keys, i));
        }

        ref var slots = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_slotPool), at);
        for (var i = 0; i < ChunkCapacity; i += 16)
        {
            Prefetch.Value(ref Unsafe.Add(ref slots, i));
        }
    }

    /// <summary>The position of the first entry whose start is greater than <paramref name="page"/> (may be <see cref="EndPosition"/>).</summary>
    public Position LowerBound(ulong page)
    {
        if (TryFind(page, out var containing))
        {
            return Next(containing);
        }

        if (_table is { } table)
        {
            var label = table.NextLabel(page);
            return label > 0 ? new Position(label - 1) : EndPosition;
        }

        var (chunk, index) = Floor(page);
        return index < 0 ? First : Next(new Position(Slots(chunk)[index]));
    }

    /// <summary>Changes the start of the entry at <paramref name="p"/> (it must stay between its neighbours).</summary>
    public void MoveStart(Position p, ulong start)
    {
        ref var e = ref _entries[p.Slot];
        if (_table is null)
        {
            var (chunk, index) = Locate(e.Start);
            Keys(chunk)[index] = start;
            if (index == 0)
            {
                _firstStart[chunk] = start;
            }
        }

        // With the page table, the pages that change hands are claimed by the caller.
        e.Start = start;
    }

    /// <summary>Inserts <paramref name="entry"/> before <paramref name="at"/>; returns where it went.</summary>
    public Position Insert(Position at, in RangeEntry entry)
    {
        var slot = AllocateSlot();
        var next = at.Slot;
        var prev = next < 0 ? _tail : _entries[next].Prev;
        ref var e = ref _entries[slot];
        e = entry;
        e.Prev = prev;
        e.Next = next;
        if (prev >= 0)
        {
            _entries[prev].Next = slot;
        }
        else
        {
            _head = slot;
        }

        if (next >= 0)
        {
            _entries[next].Prev = slot;
        }
        else
        {
            _tail = slot;
        }

        if (_table is { } table && (ulong)table.Blocks + PageTable.BlocksSpanned(entry.Start, entry.End) > MaxTableBlocks)
        {
            // The address space is not compact (a range as large as a whole 64-bit reservation, or
            // ranges spread over many gigabytes): every relabelling would cost a write per top
            // block, where the index moves one key. Checked before the table grows.
            SwitchToIndex(except: slot);
        }

        if (_table is { } stillTable)
        {
            stillTable.Set(entry.Start, entry.End, slot + 1);
        }
        else
        {
            IndexInsert(entry.Start, slot);
        }

        Count++;
        _last = slot;
        if (Count > _cache.Length >> 2 && _cache.Length < 1 << MaxCacheBits)
        {
            GrowCache();
        }

        ClaimCache(entry.Start, entry.End, slot);
        if (_table is { } grown && grown.Nodes > TableSlack + Count)
        {
            SwitchToIndex();
        }

        return new Position(slot);
    }

    /// <summary>Removes the entry at <paramref name="at"/>; returns the position of the entry that followed it.</summary>
    public Position RemoveAt(Position at)
    {
        var slot = at.Slot;
        ref var e = ref _entries[slot];
        if (_table is { } table)
        {
            table.Replace(e.Start, e.End, slot + 1, 0);
        }
        else
        {
            IndexRemove(e.Start);
        }

        return Unlink(slot);
    }

    /// <summary>
    /// Merges the entry after <paramref name="p"/> (which must start where it ends) into it: its
    /// pages are claimed for <paramref name="p"/>, which now ends where it did, and it is removed.
    /// Its statistics slot is the caller's to release or absorb.
    /// </summary>
    public void MergeNext(Position p)
    {
        ref var a = ref _entries[p.Slot];
        var next = a.Next;
        ref readonly var b = ref _entries[next];
        Claim(b.Start, b.End, p);
        a.End = b.End;
        if (_table is null)
        {
            IndexRemove(b.Start);
        }

        // With the page table, the claim has relabelled every page: nothing is left to clear.
        Unlink(next);
    }

    /// <summary>Takes the entry in <paramref name="slot"/> out of the links and frees the slot; returns the position of the entry that followed it.</summary>
    private Position Unlink(int slot)
    {
        ref var e = ref _entries[slot];
        var prev = e.Prev;
        var next = e.Next;
        if (prev >= 0)
        {
            _entries[prev].Next = next;
        }
        else
        {
            _head = next;
        }

        if (next >= 0)
        {
            _entries[next].Prev = prev;
        }
        else
        {
            _tail = prev;
        }

        // An empty [0, 0) contains no page, so the lookup cache can never accept a free slot.
        e = default;
        e.Next = _freeSlot;
        _freeSlot = slot;
        if (_last == slot)
        {
            _last = -1;
        }

        Count--;
        return new Position(next);
    }

    /// <summary>
    /// Checks the map's own structure: links agree both ways and with <see cref="Count"/>, and the
    /// search index lists exactly the linked entries, in order, under their starts. Returns the
    /// first problem found, or null.
    /// </summary>
    public string? CheckStructure()
    {
        if (_table is { } table)
        {
            return CheckTable(table);
        }

        var walked = 0;
        var previous = -1;
        var chunk = 0;
        var index = 0;
        for (var slot = _head; slot >= 0; slot = _entries[slot].Next)
        {
            if (_entries[slot].Prev != previous)
            {
                return $"entry in slot {slot} links back to {_entries[slot].Prev}, not {previous}";
            }

            while (chunk < _chunkCount && index >= _counts[chunk])
            {
                chunk++;
                index = 0;
            }

            if (chunk >= _chunkCount)
            {
                return $"entry in slot {slot} is missing from the search index";
            }

            if (Slots(chunk)[index] != slot || Keys(chunk)[index] != _entries[slot].Start)
            {
                return $"search index holds slot {Slots(chunk)[index]} at {Keys(chunk)[index]} where slot {slot} at {_entries[slot].Start} was expected";
            }

            if (index == 0 && _firstStart[chunk] != _entries[slot].Start)
            {
                return $"chunk {chunk} indexes first start {_firstStart[chunk]}, not {_entries[slot].Start}";
            }

            previous = slot;
            index++;
            walked++;
        }

        if (previous != _tail)
        {
            return $"the last entry is slot {previous}, but the tail is {_tail}";
        }

        var indexed = 0;
        for (var c = 0; c < _chunkCount; c++)
        {
            if (_counts[c] == 0)
            {
                return $"chunk {c} of the search index is empty";
            }

            indexed += _counts[c];
        }

        return walked != Count || indexed != Count ? $"links hold {walked} entries and the index {indexed}, but the count is {Count}" : null;
    }

    /// <summary>
    /// <see cref="CheckStructure"/> with the page table: links agree both ways, and the table
    /// labels exactly the linked entries' pages, each with its entry, in order.
    /// </summary>
    private string? CheckTable(PageTable table)
    {
        var labels = new int[Math.Max(16, Count)];
        var n = table.CopyLabels(ref labels);
        var walked = 0;
        var previous = -1;
        for (var slot = _head; slot >= 0; slot = _entries[slot].Next)
        {
            ref var e = ref _entries[slot];
            if (e.Prev != previous)
            {
                return $"entry in slot {slot} links back to {e.Prev}, not {previous}";
            }

            if (walked >= n || labels[walked] != slot + 1)
            {
                return $"range {walked} in the page table is slot {(walked < n ? labels[walked] - 1 : -1)}, but in the links slot {slot} [{e.Start}, {e.End})";
            }

            var label = slot + 1;
            if (table.Find(e.Start) != label || table.Find(e.End - 1) != label
                || (e.Start > 0 && table.Find(e.Start - 1) == label) || table.Find(e.End) == label)
            {
                return $"the page table does not label exactly [{e.Start}, {e.End}) with slot {slot}";
            }

            previous = slot;
            walked++;
        }

        if (previous != _tail)
        {
            return $"the last entry is slot {previous}, but the tail is {_tail}";
        }

        return walked != Count || n != Count ? $"links hold {walked} entries and the page table {n}, but the count is {Count}" : null;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Contains(int slot, ulong page)
    {
        ref var e = ref _entries[slot];
        return page >= e.Start && page < e.End;
    }

    /// <summary>The index position of the last start ≤ <paramref name="page"/>; the index is -1 if every start is greater.</summary>
    private (int Chunk, int Index) Floor(ulong page)
    {
        if (_chunkCount == 0)
        {
            return (0, -1);
        }

        var chunk = FloorChunk(page);
        var keys = Keys(chunk);
        int a = 0, b = _counts[chunk];
        while (a < b)
        {
            var mid = (a + b) >>> 1;
            if (keys[mid] <= page)
            {
                a = mid + 1;
            }
            else
            {
                b = mid;
            }
        }

        return (chunk, a - 1);
    }

    /// <summary>The last chunk whose first start is ≤ <paramref name="page"/>, or chunk 0 (the index must not be empty).</summary>
    private int FloorChunk(ulong page)
    {
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

        return chunk;
    }

    /// <summary>
    /// Where the key <paramref name="start"/> is in the index: at the hint (the place of the last
    /// insertion or removal, where the next one often is: the two halves of a split or of a merge
    /// are neighbours), else found by search.
    /// </summary>
    private (int Chunk, int Index) Locate(ulong start)
    {
        var chunk = _hintChunk;
        var index = _hintIndex;
        if (chunk < _chunkCount && (uint)index < (uint)_counts[chunk] && Keys(chunk)[index] == start)
        {
            return (chunk, index);
        }

        return Floor(start);
    }

    /// <summary>
    /// Whether <paramref name="start"/> goes right after the hint: the hinted key is smaller and
    /// the key after it (in its chunk, or the next chunk's first) is greater. Then the hint is
    /// exactly what <see cref="Floor"/> would find.
    /// </summary>
    private bool InsertionHintHolds(ulong start)
    {
        var chunk = _hintChunk;
        var index = _hintIndex;
        if (chunk >= _chunkCount || (uint)index >= (uint)_counts[chunk] || Keys(chunk)[index] >= start)
        {
            return false;
        }

        return index + 1 < _counts[chunk]
            ? Keys(chunk)[index + 1] > start
            : chunk + 1 >= _chunkCount || _firstStart[chunk + 1] > start;
    }

    /// <summary>Doubles the lookup cache and lets every entry claim its pages in it again, so that growing forgets nothing the claims would keep.</summary>
    private void GrowCache()
    {
        _cache = new int[_cache.Length << 1];
        _cacheMask = (ulong)_cache.Length - 1;
        for (var slot = _head; slot >= 0; slot = _entries[slot].Next)
        {
            ClaimCache(_entries[slot].Start, _entries[slot].End, slot);
        }
    }

    /// <summary>The keys of chunk <paramref name="chunk"/> (all <see cref="ChunkCapacity"/> places; the first <c>_counts[chunk]</c> are used).</summary>
    private Span<ulong> Keys(int chunk) => _keyPool.AsSpan(_store[chunk] * ChunkCapacity, ChunkCapacity);

    /// <summary>The entry slots of chunk <paramref name="chunk"/>, place by place with <see cref="Keys"/>.</summary>
    private Span<int> Slots(int chunk) => _slotPool.AsSpan(_store[chunk] * ChunkCapacity, ChunkCapacity);

    /// <summary>Takes a free place for a chunk in the pools, growing them when all are used.</summary>
    private int AllocateStore()
    {
        if (_freeStores.TryPop(out var store))
        {
            return store;
        }

        if ((_storesUsed + 1) * ChunkCapacity > _keyPool.Length)
        {
            Array.Resize(ref _keyPool, _keyPool.Length * 2);
            Array.Resize(ref _slotPool, _slotPool.Length * 2);
        }

        return _storesUsed++;
    }

    /// <summary>
    /// Hands the map's lookups from the page table to the sorted search index, for good: the
    /// entries are indexed in address order (each an append) and the table is dropped.
    /// </summary>
    private void SwitchToIndex(int except = -1)
    {
        _table = null;
        for (var slot = _head; slot >= 0; slot = _entries[slot].Next)
        {
            if (slot != except)
            {
                IndexInsert(_entries[slot].Start, slot);
            }
        }
    }

    private int AllocateSlot()
    {
        if (_freeSlot >= 0)
        {
            var slot = _freeSlot;
            _freeSlot = _entries[slot].Next;
            return slot;
        }

        if (_usedSlots == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        return _usedSlots++;
    }

    private void IndexInsert(ulong start, int slot)
    {
        if (_chunkCount == 0)
        {
            InsertChunk(0);
        }

        var (chunk, index) = InsertionHintHolds(start) ? (_hintChunk, _hintIndex) : Floor(start);
        index++;
        if (_counts[chunk] == ChunkCapacity)
        {
            SplitChunk(chunk);
            if (index > ChunkCapacity / 2)
            {
                chunk++;
                index -= ChunkCapacity / 2;
            }
        }

        var keys = Keys(chunk);
        var slots = Slots(chunk);
        var count = _counts[chunk];
        if (index < count)
        {
            keys[index..count].CopyTo(keys[(index + 1)..]);
            slots[index..count].CopyTo(slots[(index + 1)..]);
        }

        keys[index] = start;
        slots[index] = slot;
        _counts[chunk] = count + 1;
        if (index == 0)
        {
            _firstStart[chunk] = start;
        }

        _hintChunk = chunk;
        _hintIndex = index;
    }

    private void IndexRemove(ulong start)
    {
        var (chunk, index) = Locate(start);
        _hintChunk = chunk;
        _hintIndex = index;
        var keys = Keys(chunk);
        var slots = Slots(chunk);
        var count = _counts[chunk] - 1;
        if (index < count)
        {
            keys[(index + 1)..(count + 1)].CopyTo(keys[index..]);
            slots[(index + 1)..(count + 1)].CopyTo(slots[index..]);
        }

        _counts[chunk] = count;
        if (count == 0)
        {
            RemoveChunk(chunk);
        }
        else if (index == 0)
        {
            _firstStart[chunk] = keys[0];
        }
    }

    private void InsertChunk(int at)
    {
        if (_chunkCount == _store.Length)
        {
            var grown = _store.Length * 2;
            Array.Resize(ref _store, grown);
            Array.Resize(ref _counts, grown);
            Array.Resize(ref _firstStart, grown);
        }

        Array.Copy(_store, at, _store, at + 1, _chunkCount - at);
        Array.Copy(_counts, at, _counts, at + 1, _chunkCount - at);
        Array.Copy(_firstStart, at, _firstStart, at + 1, _chunkCount - at);
        _store[at] = AllocateStore();
        _counts[at] = 0;
        _firstStart[at] = 0;
        _chunkCount++;
    }

    private void RemoveChunk(int at)
    {
        _freeStores.Push(_store[at]);
        Array.Copy(_store, at + 1, _store, at, _chunkCount - at - 1);
        Array.Copy(_counts, at + 1, _counts, at, _chunkCount - at - 1);
        Array.Copy(_firstStart, at + 1, _firstStart, at, _chunkCount - at - 1);
        _chunkCount--;
    }

    private void SplitChunk(int chunk)
    {
        InsertChunk(chunk + 1);
        const int half = ChunkCapacity / 2;
        Keys(chunk)[half..].CopyTo(Keys(chunk + 1));
        Slots(chunk)[half..].CopyTo(Slots(chunk + 1));
        _counts[chunk] = half;
        _counts[chunk + 1] = ChunkCapacity - half;
        _firstStart[chunk + 1] = Keys(chunk + 1)[0];
    }
}
