using System.Runtime.CompilerServices;
using HmsTrace.Engine.Ranges;
using HmsTrace.Engine.Results;
using HmsTrace.Policy;
using HmsTrace.Topology;
using HmsTrace.Traces;

namespace HmsTrace.Engine;

/// <summary>
/// Replays trace records through a bound topology under a placement policy, producing result rows
/// and run totals. Deterministic: the same records, topology, policy and options give the same rows.
/// Mutable and single-threaded: one engine per replay, fed by one consumer.
/// </summary>
public sealed partial class ReplayEngine : IPolicyHost
{
    private readonly TopologyBinding _binding;
    private readonly PolicyTopology _policyTopology;
    private readonly ReplayOptions _options;
    private readonly IReplayOutput _output;
    private readonly MachineTopology _machine;
    private readonly int _pageShift;

    // The end of the address space that can be mapped: the top page never is (Linux keeps it for
    // error pointers), so every page's end and every byte range's end stays below 2^64.
    private readonly ulong _spaceEnd;
    private readonly long _pageSize;
    private readonly int _nt;
    private readonly int _ni;
    private readonly string[] _targetNames;
    private readonly string[] _initiatorNames;
    private readonly long[] _capacityPages;
    private readonly long[] _usedPages;
    private readonly long[] _quotaPages;
    private readonly bool[] _isBest;
    private readonly long[] _latency;
    private readonly long[] _writeLatency;
    private readonly long[] _readBandwidth;
    private readonly long[] _writeBandwidth;
    private readonly bool[] _reachable;

    // The parts of the record being served, with whether each was a hit before the access (see PlanHits).
    private readonly List<(ulong End, bool Hit)> _hitPlan = [];
    private readonly long[] _transferMemoBytes;
    private readonly long[] _transferMemoNs;

    // Epoch accumulators, [initiator * targets + target].
    private readonly long[] _epochAccesses;
    private readonly long[] _epochBytes;
    private readonly long[] _epochHits;
    private readonly long[] _epochHitBytes;
    private readonly long[] _epochModeledNs;

    private readonly Dictionary<uint, AddressSpace> _spaces = [];
    private readonly List<AddressSpace> _spaceOrder = [];
    private readonly RangeStatsPool _stats;
    private int[] _initiatorMap = [];
    private IReadOnlyList<string> _traceInitiators = [];
    private PlacementPolicy _policy;
    private bool _policyReadsRanges;
    // The policy's WantsNonLocalAccess and WantsEveryAccess, read once (as the metering wrapper does).
    private bool _wantsNonLocal;
    private bool _wantsEveryAccess;
    private Policies.IPolicyLookAhead? _policyLookAhead;
    private readonly PlacementPolicy _defaultPolicy = new DefaultPolicy();
    private readonly Policies.MeteredPolicy? _metered;
    private AddressSpace? _lastSpace;

    private long _recordIndex = -1;
    private long _now;
    private long _epoch;
    private long _epochStartNs;
    private long _epochEndNs;
    private bool _started;
    private bool _inEpochHook;
    private bool _inPressure;
    private readonly List<(uint Pid, ulong Start, ulong End, int Target)> _epochRequests = [];
    private RangeView[] _rangeSnapshot = [];
    private int[] _walk = [];
    private int _rangeSnapshotCount;
    private readonly MonitoringRegions? _regions;

    // Totals.
    private long _records;
    private long _accesses;
    private long _bytes;
    private long _hits;
    private long _hitBytes;
    private long _firstTouches;
    private long _modeledNs;
    private long _migrationsRequested;

    // Whether the open epoch has replayed a record, how many migrations had been requested when it
    // opened, and how many active epochs have closed: only active epochs are snapshotted.
    private bool _epochActive;
    private long _migrationsAtEpochOpen;
    private long _activeEpochs;
    private long _migrationsMoved;
    private long _migrationsPartial;
    private long _migrationsFailed;
    private long _bytesMigrated;
    private long _migrationNs;
    private long _pingPongs;
    private long _policyFaults;
    private string? _firstPolicyFault;
    private long _traceErrors;
    private long _overcommittedPages;
    private long _peakRanges;
    private long _rangeCount;

    /// <summary>
    /// Creates an engine. <paramref name="machine"/> is bound to the versions the policy declares;
    /// <paramref name="output"/> receives the rows.
    /// </summary>
    public ReplayEngine(MachineTopology machine, PlacementPolicy policy, ReplayOptions options, IReplayOutput output)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        _machine = machine;
        _policy = policy;
        _policyReadsRanges = ReadsRanges(policy);
        _wantsNonLocal = policy.WantsNonLocalAccess;
        _wantsEveryAccess = policy.WantsEveryAccess;
        _policyLookAhead = policy as Policies.IPolicyLookAhead;
        _metered = policy as Policies.MeteredPolicy;
        _options = options;
        _output = output;
        try
        {
            _binding = machine.Bind(policy.ObjectVersions);
        }
        catch (TopologyException e)
        {
            throw InputException.In(machine.Name, $"cannot be bound to the object versions the policy declares ({string.Join(", ", policy.ObjectVersions)}): {e.Message}", "Fix the topology or the policy's ObjectVersions", e);
        }
        _policyTopology = new PolicyTopology(_binding);
        _pageSize = machine.PageSizeBytes;
        _pageShift = System.Numerics.BitOperations.Log2((ulong)_pageSize);
        _spaceEnd = 0UL - (ulong)_pageSize;
        _nt = machine.Targets.Count;
        _ni = machine.Initiators.Count;
        _targetNames = new string[_nt];
        _capacityPages = new long[_nt];
        _usedPages = new long[_nt];
        _quotaPages = new long[_nt];
        for (var t = 0; t < _nt; t++)
        {
            var target = machine.Targets[t];
            _targetNames[t] = target.Name;
            _capacityPages[t] = target.CapacityBytes / _pageSize;
            _quotaPages[t] = target.QuotaBytesPerProcess is { } q ? q / _pageSize : long.MaxValue;
        }

        _initiatorNames = new string[_ni];
        for (var i = 0; i < _ni; i++)
        {
            _initiatorNames[i] = machine.Initiators[i].Name;
        }

        var n = _ni * _nt;
        _isBest = new bool[n];
        _latency = new long[n];
        _writeLatency = new long[n];
        _readBandwidth = new long[n];
        _writeBandwidth = new long[n];
        _reachable = new bool[n];
        for (var i = 0; i < _ni; i++)
        {
            var order = _binding.PreferenceOrder(i);
            var best = order.Count > 0 ? _binding.AccessPath(i, order[0]).ReadLatencyNs : -1;
            for (var t = 0; t < _nt; t++)
            {
                var p = _binding.AccessPath(i, t);
                var k = (i * _nt) + t;
                _reachable[k] = p.IsReachable;
                _latency[k] = p.ReadLatencyNs;
                _writeLatency[k] = p.WriteLatencyNs;
                _readBandwidth[k] = p.ReadBandwidthBytesPerSec;
                _writeBandwidth[k] = p.WriteBandwidthBytesPerSec;
                _isBest[k] = p.IsReachable && p.ReadLatencyNs == best;
            }
        }

        _transferMemoBytes = new long[2 * n];
        Array.Fill(_transferMemoBytes, -1);
        _transferMemoNs = new long[2 * n];
        _epochAccesses = new long[n];
        _epochBytes = new long[n];
        _epochHits = new long[n];
        _epochHitBytes = new long[n];
        _epochModeledNs = new long[n];
        _stats = new RangeStatsPool(_ni);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRegions);
        _regions = options.MaxRegions > 0 ? new MonitoringRegions(options.MaxRegions, _nt, _stats.Initiators) : null;
        _defaultPolicy.Initialize(new PolicySetup(_policyTopology, options.Parameters, options.Seed));
        Guard("Initialize", () => _policy.Initialize(new PolicySetup(_policyTopology, options.Parameters, options.Seed)));
    }

    /// <summary>The bound topology the replay uses.</summary>
    public TopologyBinding Binding => _binding;

    PolicyTopology IPolicyHost.Topology => _policyTopology;

    int IPolicyHost.RangeCount => _rangeSnapshotCount;

    /// <summary>
    /// Processes a batch of records. <paramref name="traceInitiators"/> names the records' initiator
    /// indices (it may grow between batches). Throws <see cref="InputException"/> for a record whose
    /// initiator the topology does not know, and <see cref="PolicyFaultException"/> when the policy
    /// faults and the fault mode is <see cref="PolicyFaultMode.Fail"/>.
    /// </summary>
    public void Process(ReadOnlySpan<TraceRecord> records, IReadOnlyList<string> traceInitiators)
    {
        ArgumentNullException.ThrowIfNull(traceInitiators);
        try
        {
            ProcessRecords(records, traceInitiators);
        }
        catch (OverflowException e)
        {
            // The costs are summed with checked arithmetic: a total past 2^63 ns (292 years) comes
            // from absurd sizes or latencies, and must not wrap around into a plausible number.
            throw InputException.In(_options.TraceSource, $"record {_recordIndex}: the modeled time overflows 64-bit nanoseconds", "Check the record's size and the topology's latencies and bandwidths", e);
        }
    }

    private void ProcessRecords(ReadOnlySpan<TraceRecord> records, IReadOnlyList<string> traceInitiators)
    {
        _traceInitiators = traceInitiators;
        var lookAhead = LookAheadEnabled;
        for (var at = 0; at < records.Length; at++)
        {
            if (lookAhead)
            {
                LookAhead(records, at);
            }

            ref readonly var r = ref records[at];
            _recordIndex++;
            _records++;
            AdvanceClock(r.TimeNs);
            _epochActive = true;
            var initiator = r.Initiator < _initiatorMap.Length && _initiatorMap[r.Initiator] >= 0
                ? _initiatorMap[r.Initiator]
                : ResolveInitiator(r.Initiator);
            var size = r.Size;
            if (size > RoomBelowTop(r.Address) && r.Operation != TraceOperation.Marker)
            {
                // Runs past the last page that can be mapped: only the part inside is replayed.
                size = CutAtSpaceEnd(in r);
            }

            switch (size > 0 || r.Size == 0 ? r.Operation : TraceOperation.Marker)
            {
                case TraceOperation.Read:
                case TraceOperation.Write:
                    Access(r.ProcessId, initiator, r.Address, size, r.Operation == TraceOperation.Write);
                    break;
                case TraceOperation.RegionAccess:
                    // A monitored region seen accessed (count > 0) in its window touches its pages once;
                    // a region seen idle is not an access (and must not first-touch place anything).
                    if (r.Argument > 0)
                    {
                        Access(r.ProcessId, initiator, r.Address, size, write: false);
                    }

                    break;
                case TraceOperation.Mmap:
                    Mmap(r.ProcessId, r.Address, size);
                    break;
                case TraceOperation.Munmap:
                    Munmap(r.ProcessId, r.Address, size);
                    break;
                case TraceOperation.Mremap:
                    Mremap(r.ProcessId, r.Address, size, r.Argument);
                    break;
                case TraceOperation.Hbind:
                    Hint(r.ProcessId, initiator, r.Address, size, r.Argument);
                    break;
                case TraceOperation.Pin:
                    Pin(r.ProcessId, r.Address, size, +1);
                    break;
                case TraceOperation.Unpin:
                    Pin(r.ProcessId, r.Address, size, -1);
                    break;
                case TraceOperation.Marker:
                default:
                    break;
            }

            if (_options.EpochRecords > 0 && (_recordIndex + 1) % _options.EpochRecords == 0)
            {
                CloseEpoch(_now + 1);
            }
        }
    }

    /// <summary>
    /// For a record whose bytes run past <see cref="_spaceEnd"/>: counts the part beyond as trace
    /// errors (its pages for an access, one for any other record) and returns the size of the part
    /// inside (0 when it starts beyond).
    /// </summary>
    private ulong CutAtSpaceEnd(in TraceRecord r)
    {
        if (r.Operation is TraceOperation.Read or TraceOperation.Write or TraceOperation.RegionAccess)
        {
            var first = (UInt128)Math.Max(r.Address, _spaceEnd) >> _pageShift;
            var last = ((UInt128)r.Address + r.Size - 1) >> _pageShift;
            _traceErrors += (long)(last - first + 1);
        }
        else
        {
            _traceErrors++;
        }

        return RoomBelowTop(r.Address);
    }

    /// <summary>The bytes from <paramref name="address"/> up to <see cref="_spaceEnd"/> (0 at or above it).</summary>
    private ulong RoomBelowTop(ulong address) => address < _spaceEnd ? _spaceEnd - address : 0;

    /// <summary>
    /// Starts loading what the records a few places ahead will read: their lookup-cache slots, then
    /// their entries, then their statistics, each a step nearer, so that the cache misses of
    /// several records overlap. Only a hint to the CPU: results never depend on it.
    /// </summary>
    private void LookAhead(ReadOnlySpan<TraceRecord> records, int at)
    {
        const int Far = 24, Middle = 16, Near = 8, RecordAhead = 40;
        if (_lastSpace is not { } space || at + Far >= records.Length)
        {
            return;
        }

        var map = space.Map;
        var pid = space.ProcessId;
        var policy = _policyLookAhead;
        // The records themselves, further ahead still: the hardware's stream prefetcher does not
        // keep up while the random loads below fill the miss buffers (measured: lru +6 %, first-touch +10 %).
        if (at + RecordAhead < records.Length)
        {
            Prefetch.Value(ref Unsafe.AsRef(in records[at + RecordAhead]));
        }

        ref readonly var far = ref records[at + Far];
        if (far.ProcessId == pid)
        {
            map.PrefetchCacheSlot(far.Address >> _pageShift);
            policy?.PrefetchAccess(pid, far.Address >> _pageShift, 1);
        }

        ref readonly var middle = ref records[at + Middle];
        if (middle.ProcessId == pid)
        {
            map.PrefetchEntry(middle.Address >> _pageShift);
            policy?.PrefetchAccess(pid, middle.Address >> _pageShift, 2);
        }

        ref readonly var near = ref records[at + Near];
        if (near.ProcessId == pid)
        {
            policy?.PrefetchAccess(pid, near.Address >> _pageShift, 3);
            if (map.TryFindCached(near.Address >> _pageShift, out var p))
            {
                _stats.Prefetch(map[p].Slot);
                // An access from off the initiator's best target, under a policy that migrates on
                // such accesses, is likely a migration: its split or merge reads the entry's
                // neighbours and writes the authority's place for it (lru +12 %; first-touch, which
                // never migrates, does not pay for it).
                var target = map[p].Target;
                if (_wantsNonLocal && target >= 0 && near.Initiator < _initiatorMap.Length && _initiatorMap[near.Initiator] is >= 0 and var initiator && !_isBest[(initiator * _nt) + target])
                {
                    map.PrefetchNeighbourhood(near.Address >> _pageShift);
                }
            }
        }

        // Prefetching the index chunk here too (when the cache misses, or a migration looks likely)
        // was measured and made both first-touch and lru slower: finding the chunk costs more than
        // the miss it saves.
    }

    /// <summary>How many lookups, over all processes, the range maps' caches could not answer (see <see cref="RangeMap.LookupSearches"/>).</summary>
    internal long LookupSearches => _spaces.Values.Sum(s => s.Map.LookupSearches);

    /// <summary>Whether records and built-in policies' victims are prefetched ahead (on by default; tests turn it off to prove it changes no result).</summary>
    internal bool LookAheadEnabled { get; set; } = true;

    /// <summary>Whether new processes' range maps start with a page table as their lookup authority (the default; tests turn it off to run the sorted search index alone).</summary>
    internal bool PageTables { get; set; } = true;

    /// <summary>How many victims ahead a <see cref="Policies.IPolicyLookAhead"/> policy names: one per prefetch step.</summary>
    internal const int VictimLookAheadSteps = 4;

    /// <summary>
    /// Look-ahead for a page a built-in policy will demote soon (see <see cref="Policies.IPolicyLookAhead"/>),
    /// <paramref name="step"/> 1 being the farthest: 1 loads its lookup-cache slot, 2 its entry,
    /// 3 its neighbours, its place in the page table or index and its statistics, 4 its neighbours' statistics. Only a hint.
    /// </summary>
    internal void PrefetchVictim(uint pid, ulong page, int step)
    {
        if (_lastSpace is not { } space || space.ProcessId != pid)
        {
            return;
        }

        var map = space.Map;
        switch (step)
        {
            case 1:
                map.PrefetchCacheSlot(page);
                break;
            case 2:
                map.PrefetchEntry(page);
                break;
            case 3:
                if (map.PrefetchNeighbourhood(page) is { Slot: >= 0 } p)
                {
                    _stats.Prefetch(map[p].Slot);
                }

                break;
            default:
                if (map.TryFindCached(page, out var at))
                {
                    if (map.Previous(at, out var before))
                    {
                        _stats.Prefetch(map[before].Slot);
                    }

                    if (map.Next(at) is { Slot: >= 0 } after)
                    {
                        _stats.Prefetch(map[after].Slot);
                    }
                }

                break;
        }
    }

    /// <summary>Closes the last epoch and returns the totals. Call once, after the last batch.</summary>
    public RunTotals Finish()
    {
        if (_started && (_records > 0))
        {
            var lastEpochHasRecords = _options.EpochRecords > 0 ? (_recordIndex + 1) % _options.EpochRecords != 0 : true;
            if (lastEpochHasRecords)
            {
                CloseEpoch(_options.EpochRecords > 0 ? _now + 1 : _epochEndNs);
            }
        }

        _stats.Settle();

        return new RunTotals
        {
            Records = _records,
            Accesses = _accesses,
            Bytes = _bytes,
            Hits = _hits,
            HitBytes = _hitBytes,
            FirstTouches = _firstTouches,
            ModeledNs = _modeledNs,
            MigrationsRequested = _migrationsRequested,
            MigrationsMoved = _migrationsMoved,
            MigrationsPartial = _migrationsPartial,
            MigrationsFailed = _migrationsFailed,
            BytesMigrated = _bytesMigrated,
            MigrationNs = _migrationNs,
            PingPongs = _pingPongs,
            PolicyFaults = _policyFaults,
            FirstPolicyFault = _firstPolicyFault,
            PolicyFuelUsed = _metered?.FuelUsed ?? 0,
            TraceErrors = _traceErrors,
            OvercommittedPages = _overcommittedPages,
            Epochs = _epoch,
            PeakRanges = _peakRanges,
        };
    }

    private void AdvanceClock(long timeNs)
    {
        if (!_started)
        {
            _started = true;
            _now = timeNs;
            _epochStartNs = _options.EpochRecords > 0 ? timeNs : timeNs - (((timeNs % Math.Max(1, _options.EpochNs)) + Math.Max(1, _options.EpochNs)) % Math.Max(1, _options.EpochNs));
            _epochEndNs = _options.EpochRecords > 0 ? long.MaxValue : _epochStartNs + _options.EpochNs;
            return;
        }

        // Trace time never runs backwards for the engine: out-of-order records keep the clock.
        if (timeNs > _now)
        {
            _now = timeNs;
        }

        if (_options.EpochRecords == 0)
        {
            while (_now >= _epochEndNs)
            {
                CloseEpoch(_epochEndNs);
            }

            if (_stats.Owed)
            {
                // The record reads or changes statistics: the idle epochs before it decay first.
                _stats.Settle();
            }
        }
    }

    private int ResolveInitiator(ushort traceIndex)
    {
        if (traceIndex >= _traceInitiators.Count)
        {
            throw InputException.In(_options.TraceSource, $"record {_recordIndex} names initiator {traceIndex}, which the trace does not define");
        }

        var name = _traceInitiators[traceIndex];
        var index = _binding.InitiatorIndex(name);
        if (index < 0 || !_binding.InitiatorUsable[index])
        {
            var known = string.Join(", ", _initiatorNames);
            throw InputException.In(
                _options.TraceSource,
                $"record {_recordIndex}: initiator '{name}' is not in topology '{_machine.Name}' (it has {known})",
                "Use a topology with that initiator, or rename it when importing (--initiator)");
        }

        if (_initiatorMap.Length <= traceIndex)
        {
            var grown = new int[Math.Max(traceIndex + 1, _initiatorMap.Length * 2)];
            Array.Fill(grown, -1);
            _initiatorMap.CopyTo(grown, 0);
            _initiatorMap = grown;
        }

        _initiatorMap[traceIndex] = index;
        return index;
    }

    private AddressSpace Space(uint pid)
        => _lastSpace is { } last && last.ProcessId == pid ? last : FindSpace(pid);

    private AddressSpace FindSpace(uint pid)
    {
        if (!_spaces.TryGetValue(pid, out var space))
        {
            space = new AddressSpace(pid, _nt, PageTables);
            _spaces.Add(pid, space);
            _spaceOrder.Add(space);
            _spaceOrder.Sort((a, b) => a.ProcessId.CompareTo(b.ProcessId));
        }

        _lastSpace = space;
        return space;
    }

    private void Guard(string hook, Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is not InputException and not PolicyFaultException)
        {
            throw new PolicyFaultException(hook, _recordIndex, e.Message, e);
        }
    }

    /// <summary>
    /// Records a policy fault; in fallback mode switches to the default policy, else throws. A stop by
    /// the wall-clock backstop always throws: where it lands depends on the machine's speed, and
    /// falling back there would make the results depend on it too.
    /// </summary>
    private void Fault(string hook, string problem, Exception? inner)
    {
        _policyFaults++;
        var fault = new PolicyFaultException(hook, _recordIndex, problem, inner);
        _firstPolicyFault ??= fault.Message;
        if (_options.OnPolicyFault == PolicyFaultMode.Fail || ReferenceEquals(_policy, _defaultPolicy) || IsTimeLimit(inner))
        {
            throw fault;
        }

        _policy = _defaultPolicy;
        _policyReadsRanges = false;
        _wantsNonLocal = _defaultPolicy.WantsNonLocalAccess;
        _wantsEveryAccess = _defaultPolicy.WantsEveryAccess;
        _policyLookAhead = null;
    }

    private static bool IsTimeLimit(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is PolicyStopException { IsTimeLimit: true })
            {
                return true;
            }
        }

        return false;
    }

    private bool ValidTarget(int target) => target >= 0 && target < _nt && _binding.TargetUsable[target];

    /// <summary>The default policy: the base class's behaviour.</summary>
    private sealed class DefaultPolicy : PlacementPolicy
    {
    }
}
