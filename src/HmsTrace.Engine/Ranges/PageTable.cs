namespace HmsTrace.Engine.Ranges;

/// <summary>
/// A radix page table from page number to a label (a range map's entry slot + 1; 0 = unmapped),
/// like a CPU's page tables with huge pages: 64-way nodes in three levels under a sorted list of
/// top blocks of 2^18 pages, and a child that one label covers entirely is stored as that label,
/// not as a node. So labelling a range costs one write per top block it covers plus at most a
/// few hundred in the partial blocks at its ends, a lookup is a search of the (short) top list
/// and at most three loads, and memory follows the number of range boundaries, not the
/// footprint. Meant for compact address spaces: the range map keeps it to at most
/// <c>RangeMap.MaxTableBlocks</c> top blocks. Not thread-safe.
/// </summary>
/// <remarks>
/// A value in a node or in the top list is a label (≥ 0) when it covers its whole span, or the
/// bitwise complement of a node number (&lt; 0). Nodes live in one pooled array, 64 values each,
/// so that a node's address needs no object header of its own. A node whose 64 values become one
/// label is freed and replaced by that label, so that a boundary sweeping through a large range
/// (a stream) leaves no nodes behind.
/// </remarks>
internal sealed class PageTable
{
    /// <summary>log2 of the pages under one top block.</summary>
    public const int TopBits = 18;

    private const int Fanout = 64;

    // Top blocks, sorted by key (page >> TopBits), with their values.
    private ulong[] _keys = new ulong[8];
    private int[] _values = new int[8];
    private int _blocks;

    private int[] _pool = new int[16 * Fanout];
    private int _poolUsed;
    private readonly Stack<int> _free = new();

    /// <summary>The number of nodes in use (the memory measure: 256 bytes each).</summary>
    public int Nodes { get; private set; }

    /// <summary>The number of top blocks in use (16 bytes each).</summary>
    public int Blocks => _blocks;

    /// <summary>How many top blocks <c>[start, end)</c> touches (at most; a bound for what <see cref="Set"/> may create).</summary>
    public static ulong BlocksSpanned(ulong start, ulong end) => ((end - 1) >> TopBits) - (start >> TopBits) + 1;

    /// <summary>The label of <paramref name="page"/>: an entry slot + 1, or 0 when unmapped.</summary>
    public int Find(ulong page)
    {
        var b = BlockIndex(page >> TopBits);
        if (b < 0)
        {
            return 0;
        }

        var v = _values[b];
        for (var shift = TopBits - 6; v < 0; shift -= 6)
        {
            v = _pool[(~v * Fanout) + (int)((page >> shift) & (Fanout - 1))];
        }

        return v;
    }

    /// <summary>Starts loading the value that labels <paramref name="page"/> (the upper levels are read; a hint).</summary>
    public void Prefetch(ulong page)
    {
        var b = BlockIndex(page >> TopBits);
        if (b < 0)
        {
            return;
        }

        var v = _values[b];
        for (var shift = TopBits - 6; v < 0; shift -= 6)
        {
            var at = (~v * Fanout) + (int)((page >> shift) & (Fanout - 1));
            if (shift == 0)
            {
                Ranges.Prefetch.Value(ref _pool[at]);
                return;
            }

            v = _pool[at];
        }
    }

    /// <summary>
    /// Labels pages <c>[start, end)</c> with <paramref name="label"/>, whatever they had. Creates a
    /// top block for every 2^<see cref="TopBits"/> pages of the range not yet in one: see <see cref="BlocksSpanned"/>.
    /// </summary>
    public void Set(ulong start, ulong end, int label) => Replace(start, end, -1, label);

    /// <summary>
    /// Labels with <paramref name="to"/> the pages of <c>[start, end)</c> that have the label
    /// <paramref name="from"/> (any label when <paramref name="from"/> is negative).
    /// </summary>
    public void Replace(ulong start, ulong end, int from, int to)
    {
        while (start < end)
        {
            var key = start >> TopBits;
            var blockStart = key << TopBits;
            var blockEnd = blockStart + (1UL << TopBits);
            var segmentEnd = end - 1 < blockEnd - 1 ? end : blockEnd;
            var b = BlockIndex(key);
            if (b < 0)
            {
                if (from <= 0 && to != 0)
                {
                    b = InsertBlock(~b, key);
                }
                else
                {
                    // Nothing labelled here: on to the next block that exists, if it is in range.
                    if (~b >= _blocks || _keys[~b] > (end - 1) >> TopBits)
                    {
                        break;
                    }

                    start = _keys[~b] << TopBits;
                    continue;
                }
            }

            var v = ReplaceIn(_values[b], TopBits, blockStart, start, segmentEnd, from, to);
            _values[b] = v;
            if (v == 0)
            {
                RemoveBlock(b);
            }

            if (segmentEnd == 0)
            {
                break;
            }

            start = segmentEnd;
        }
    }

    /// <summary>
    /// The label of the first labelled page at or after <paramref name="page"/>, or 0 if there is none.
    /// </summary>
    public int NextLabel(ulong page)
    {
        var b = BlockIndex(page >> TopBits);
        if (b >= 0)
        {
            var found = FirstIn(_values[b], TopBits, (page >> TopBits) << TopBits, page);
            if (found > 0)
            {
                return found;
            }

            b++;
        }
        else
        {
            b = ~b;
        }

        // Every top block holds at least one labelled page.
        return b < _blocks ? FirstIn(_values[b], TopBits, _keys[b] << TopBits, 0) : 0;
    }

    /// <summary>
    /// Appends to <paramref name="buffer"/> (grown when needed) the labels in page order, each run
    /// of one label once, skipping unlabelled pages; returns how many. For a range map whose labels
    /// are its entries, that is the entries in address order.
    /// </summary>
    public int CopyLabels(ref int[] buffer)
    {
        var n = 0;
        var last = 0;
        for (var b = 0; b < _blocks; b++)
        {
            // An absent block between two is unlabelled pages: it ends a run like any other gap.
            if (b > 0 && _keys[b] != _keys[b - 1] + 1)
            {
                last = 0;
            }

            Walk(_values[b], ref buffer, ref n, ref last);
        }

        return n;
    }

    private void Walk(int v, ref int[] buffer, ref int n, ref int last)
    {
        if (v >= 0)
        {
            if (v != 0 && v != last)
            {
                if (n == buffer.Length)
                {
                    Array.Resize(ref buffer, Math.Max(16, buffer.Length * 2));
                }

                buffer[n++] = v;
            }

            last = v;
            return;
        }

        var node = ~v * Fanout;
        for (var i = 0; i < Fanout; i++)
        {
            Walk(_pool[node + i], ref buffer, ref n, ref last);
        }
    }

    /// <summary>The first label ≥ 1 in the span <c>[base, base + 2^bits)</c> held by <paramref name="v"/>, at a page ≥ <paramref name="from"/>; 0 if none.</summary>
    private int FirstIn(int v, int bits, ulong @base, ulong from)
    {
        if (v >= 0)
        {
            return v;
        }

        var node = ~v * Fanout;
        var childBits = bits - 6;
        var first = from > @base ? (int)((from - @base) >> childBits) : 0;
        for (var i = first; i < Fanout; i++)
        {
            var childBase = @base + ((ulong)i << childBits);
            var found = childBits == 0 ? _pool[node + i] : FirstIn(_pool[node + i], childBits, childBase, from);
            if (found > 0)
            {
                return found;
            }
        }

        return 0;
    }

    /// <summary>
    /// Applies the replacement to the span <c>[base, base + 2^bits)</c> held by <paramref name="v"/>
    /// for pages <c>[start, end)</c> inside it; returns the span's new value.
    /// </summary>
    private int ReplaceIn(int v, int bits, ulong @base, ulong start, ulong end, int from, int to)
    {
        var whole = start == @base && end - @base == 1UL << bits;
        if (v >= 0)
        {
            if ((from >= 0 && v != from) || v == to)
            {
                return v;
            }

            if (whole)
            {
                return to;
            }

            // Part of a uniform span changes: it needs a node of its own.
            var fresh = AllocateNode();
            _pool.AsSpan(fresh * Fanout, Fanout).Fill(v);
            v = ~fresh;
        }
        else if (whole && from < 0)
        {
            FreeTree(v);
            return to;
        }

        var node = ~v;
        var childBits = bits - 6;
        var first = (int)((start - @base) >> childBits);
        var last = (int)((end - 1 - @base) >> childBits);
        var mayCollapse = true;
        for (var i = first; i <= last; i++)
        {
            var at = (node * Fanout) + i;
            if (childBits == 0)
            {
                if (from < 0 || _pool[at] == from)
                {
                    _pool[at] = to;
                }

                continue;
            }

            var childBase = @base + ((ulong)i << childBits);
            var childEnd = childBase + (1UL << childBits);
            var value = ReplaceIn(_pool[at], childBits, childBase, Math.Max(start, childBase), end - 1 < childEnd - 1 ? end : childEnd, from, to);
            _pool[(node * Fanout) + i] = value; // the pool may have grown: index again
            mayCollapse &= value >= 0;
        }

        // A node whose values are all one label is that label (impossible while a child it
        // just wrote is still a node, so the scan is skipped then).
        if (!mayCollapse)
        {
            return ~node;
        }

        // The values just beside the written ones decide most cases from lines already loaded;
        // only a node that may be uniform is scanned whole (four more lines).
        var values = _pool.AsSpan(node * Fanout, Fanout);
        var label = values[first];
        if (label < 0 || values[last] != label || (first > 0 && values[first - 1] != label) || (last < Fanout - 1 && values[last + 1] != label))
        {
            return ~node;
        }

        if (!values.ContainsAnyExcept(label))
        {
            FreeNode(node);
            return label;
        }

        return ~node;
    }

    private void FreeTree(int v)
    {
        if (v >= 0)
        {
            return;
        }

        var node = ~v;
        for (var i = 0; i < Fanout; i++)
        {
            if (_pool[(node * Fanout) + i] < 0)
            {
                FreeTree(_pool[(node * Fanout) + i]);
            }
        }

        FreeNode(node);
    }

    private int AllocateNode()
    {
        Nodes++;
        if (_free.TryPop(out var node))
        {
            return node;
        }

        if ((_poolUsed + 1) * Fanout > _pool.Length)
        {
            Array.Resize(ref _pool, _pool.Length * 2);
        }

        return _poolUsed++;
    }

    private void FreeNode(int node)
    {
        Nodes--;
        _free.Push(node);
    }

    /// <summary>The index of top block <paramref name="key"/>, or the bitwise complement of where it would go.</summary>
    private int BlockIndex(ulong key)
    {
        // Array.BinarySearch, written out: its generic comparer call cost 1.6 % of an lru run.
        var keys = _keys;
        int lo = 0, hi = Math.Min(_blocks, keys.Length) - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var k = keys[mid];
            if (k == key)
            {
                return mid;
            }

            if (k < key)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }

    private int InsertBlock(int at, ulong key)
    {
        if (_blocks == _keys.Length)
        {
            Array.Resize(ref _keys, _keys.Length * 2);
            Array.Resize(ref _values, _values.Length * 2);
        }

        Array.Copy(_keys, at, _keys, at + 1, _blocks - at);
        Array.Copy(_values, at, _values, at + 1, _blocks - at);
        _keys[at] = key;
        _values[at] = 0;
        _blocks++;
        return at;
    }

    private void RemoveBlock(int at)
    {
        Array.Copy(_keys, at + 1, _keys, at, _blocks - at - 1);
        Array.Copy(_values, at + 1, _values, at, _blocks - at - 1);
        _blocks--;
    }
}
