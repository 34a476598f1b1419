namespace HmsTrace.Engine.Ranges;

/// <summary>
/// The statistics of every range (a <see cref="RangeStats"/> and one access counter per initiator
/// for the current epoch), in flat arrays indexed by slot with a free list, so a range carries a
/// slot number instead of objects of its own. Not thread-safe.
/// </summary>
internal sealed class RangeStatsPool(int initiators)
{
    private RangeStats[] _stats = new RangeStats[1024];
    // With one initiator its count is the range's epoch count: nothing is stored per initiator.
    private long[] _perInitiator = initiators > 1 ? new long[initiators * 1024] : [];
    private readonly Stack<int> _free = new();
    private int _next;

    // Idle epoch ends not yet applied (see DecayIdle), and the first one's time.
    private long _owed;
    private long _firstOwedEndNs;

    /// <summary>How many counters each slot has per initiator: the initiators, or 0 for one initiator (see <see cref="TracksInitiators"/>).</summary>
    public int Initiators { get; } = initiators > 1 ? initiators : 0;

    /// <summary>Whether counts are kept per initiator; with a single initiator its count is <see cref="RangeStats.EpochAccesses"/>.</summary>
    public bool TracksInitiators => Initiators > 0;

    public int Allocate(long nowNs)
    {
        if (!_free.TryPop(out var slot))
        {
            slot = _next++;
            if (slot >= _stats.Length)
            {
                Array.Resize(ref _stats, _stats.Length * 2);
                Array.Resize(ref _perInitiator, _perInitiator.Length * 2);
            }
        }

        _stats[slot] = RangeStats.New(nowNs);
        Array.Clear(_perInitiator, slot * Initiators, Initiators);
        return slot;
    }

    public void Release(int slot) => _free.Push(slot);

    /// <summary>Starts loading the statistics of <paramref name="slot"/>: a hint (see the <c>Ranges.Prefetch</c> class).</summary>
    public void Prefetch(int slot)
    {
        Ranges.Prefetch.Value(ref _stats[slot]);
        if (TracksInitiators)
        {
            Ranges.Prefetch.Value(ref _perInitiator[slot * Initiators]);
        }
    }

    public ref RangeStats this[int slot] => ref _stats[slot];

    public Span<long> PerInitiator(int slot) => _perInitiator.AsSpan(slot * Initiators, Initiators);

    /// <summary>Creates a slot holding <paramref name="numerator"/>/<paramref name="denominator"/> of <paramref name="slot"/>'s counts (moved out of it) and a copy of its history.</summary>
    public int SplitOff(int slot, ulong numerator, ulong denominator, long nowNs)
    {
        var right = Allocate(nowNs);
        ref var from = ref _stats[slot];
        ref var to = ref _stats[right];
        to = from;
        to.EpochAccesses = Proportion(from.EpochAccesses, numerator, denominator);
        to.DecayedAccesses = Proportion(from.DecayedAccesses, numerator, denominator);
        from.EpochAccesses -= to.EpochAccesses;
        from.DecayedAccesses -= to.DecayedAccesses;
        var a = PerInitiator(slot);
        var b = PerInitiator(right);
        for (var i = 0; i < a.Length; i++)
        {
            var part = Proportion(a[i], numerator, denominator);
            b[i] = part;
            a[i] -= part;
        }

        return right;
    }

    /// <summary>Adds <paramref name="other"/>'s statistics to <paramref name="slot"/> and frees <paramref name="other"/>.</summary>
    public void Absorb(int slot, int other)
    {
        ref var a = ref _stats[slot];
        ref readonly var b = ref _stats[other];
        a.EpochAccesses += b.EpochAccesses;
        a.DecayedAccesses += b.DecayedAccesses;
        a.LastAccessNs = Math.Max(a.LastAccessNs, b.LastAccessNs);
        a.AgeStartNs = Math.Min(a.AgeStartNs, b.AgeStartNs);
        a.WasActive |= b.WasActive;
        a.Migrations = Math.Max(a.Migrations, b.Migrations);
        if (b.LastLeftNs > a.LastLeftNs)
        {
            a.LastLeftNs = b.LastLeftNs;
            a.LastLeftTarget = b.LastLeftTarget;
        }

        var x = PerInitiator(slot);
        var y = PerInitiator(other);
        for (var i = 0; i < x.Length; i++)
        {
            x[i] += y[i];
        }

        Release(other);
    }

    /// <summary>
    /// Ends an epoch for every slot: history ← history − history/4 + epoch, the epoch counts restart,
    /// and the age restarts where a range turned active or idle. Free slots are decayed too (they
    /// are reset when allocated), so this is one linear pass over the pool, not a walk of the maps.
    /// </summary>
    public void Decay(long endNs)
    {
        Settle();
        FullPasses++;
        foreach (ref var st in _stats.AsSpan(0, _next))
        {
            var active = st.EpochAccesses > 0;
            if (active != st.WasActive)
            {
                st.AgeStartNs = endNs;
                st.WasActive = active;
            }

            st.DecayedAccesses = st.DecayedAccesses - (st.DecayedAccesses / 4) + st.EpochAccesses;
            st.EpochAccesses = 0;
        }

        _perInitiator.AsSpan(0, _next * Initiators).Clear();
    }

    /// <summary>How many passes over the pool <see cref="Decay"/> and <see cref="Settle"/> have made (a diagnostic for tests).</summary>
    public long FullPasses { get; private set; }

    /// <summary>Whether idle epoch ends are owed to the slots (see <see cref="DecayIdle"/>): call <see cref="Settle"/> before reading or changing any slot.</summary>
    public bool Owed => _owed > 0;

    /// <summary>
    /// Ends an epoch in which no slot was accessed and none split, merged or was allocated, without
    /// a pass: the ends are counted and applied at once by <see cref="Settle"/>, with exactly the
    /// result of one <see cref="Decay"/> each. A trace with long quiet spells (two hours of a block
    /// trace in 1 ms epochs: 7.2 million epochs, a few thousand with a request) then costs a pass per
    /// active epoch, not per epoch.
    /// </summary>
    public void DecayIdle(long endNs)
    {
        if (_owed == 0)
        {
            _firstOwedEndNs = endNs;
        }

        _owed++;
    }

    /// <summary>Applies the idle epoch ends <see cref="DecayIdle"/> counted.</summary>
    public void Settle()
    {
        if (_owed == 0)
        {
            return;
        }

        var owed = _owed;
        _owed = 0;
        FullPasses++;
        foreach (ref var st in _stats.AsSpan(0, _next))
        {
            // Every epoch count is 0 here (the last pass cleared them and nothing accessed since):
            // the first idle end turns an active range idle, and each end takes a quarter of the
            // history, rounded toward zero, until a quarter of it rounds to nothing.
            if (st.WasActive)
            {
                st.AgeStartNs = _firstOwedEndNs;
                st.WasActive = false;
            }

            var history = st.DecayedAccesses;
            for (var i = 0L; i < owed && history / 4 != 0; i++)
            {
                history -= history / 4;
            }

            st.DecayedAccesses = history;
        }
    }

    /// <summary>value × numerator / denominator, rounded down, without overflow.</summary>
    public static long Proportion(long value, ulong numerator, ulong denominator)
    {
        if (value == 0 || denominator == 0)
        {
            return 0;
        }

        if (numerator <= uint.MaxValue && (ulong)Math.Abs(value) <= uint.MaxValue)
        {
            return value * (long)numerator / (long)denominator;
        }

        return (long)((Int128)value * (Int128)numerator / (Int128)denominator);
    }
}
