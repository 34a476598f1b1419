using System.Globalization;
using System.Numerics;

namespace HmsTrace.Traces.Statistics;

/// <summary>
/// Accumulates <see cref="TraceStatistics"/> batch by batch, for callers that already stream records
/// somewhere else (a conversion, a generator, a replay) and want the summary from the same pass.
/// </summary>
/// <remarks>Mutable and not thread-safe: one producer adds batches, then calls <see cref="ToStatistics"/>.</remarks>
public sealed class TraceStatisticsCollector
{
    private readonly int _pageShift;
    private readonly int _topRanges;
    private readonly long[] _operationRecords = new long[256];
    private readonly ulong[] _operationBytes = new ulong[256];
    private readonly Dictionary<uint, ProcessState> _processes = [];
    private long[] _initiatorRecords = new long[4];
    private long _records;
    private long _firstTimeNs;
    private long _lastTimeNs;
    private long _outOfOrder;
    private uint _lastProcessId;
    private ProcessState? _lastProcess;

    /// <summary>Creates an empty collector; <paramref name="options"/> defaults to 4 KiB pages and the top 10 ranges.</summary>
    public TraceStatisticsCollector(TraceStatisticsOptions? options = null)
    {
        options ??= new TraceStatisticsOptions();
        if (options.PageSizeBytes < 1 || !BitOperations.IsPow2(options.PageSizeBytes))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PageSizeBytes, "PageSizeBytes must be a power of two");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(options.TopRanges, nameof(options));
        _pageShift = BitOperations.Log2((ulong)options.PageSizeBytes);
        _topRanges = options.TopRanges;
    }

    /// <summary>Adds the records of one batch, in trace order.</summary>
    public void Add(ReadOnlySpan<TraceRecord> records)
    {
        if (records.IsEmpty)
        {
            return;
        }

        if (_records == 0)
        {
            _firstTimeNs = records[0].TimeNs;
            _lastTimeNs = records[0].TimeNs;
        }

        var lastTime = _lastTimeNs;
        foreach (ref readonly var r in records)
        {
            if (r.TimeNs < lastTime)
            {
                _outOfOrder++;
            }

            lastTime = r.TimeNs;
            var op = (int)r.Operation;
            _operationRecords[op]++;
            var bytes = _operationBytes[op] + r.Size;
            _operationBytes[op] = bytes < r.Size ? ulong.MaxValue : bytes;
            if (r.Initiator >= _initiatorRecords.Length)
            {
                Array.Resize(ref _initiatorRecords, Math.Max(r.Initiator + 1, _initiatorRecords.Length * 2));
            }

            _initiatorRecords[r.Initiator]++;
            var process = Process(r.ProcessId);
            process.Records++;
            if (r.Operation is TraceOperation.Read or TraceOperation.Write or TraceOperation.RegionAccess && r.Size > 0)
            {
                if (r.IsAccess)
                {
                    process.Accesses++;
                }

                // Readers guarantee Address + Size does not overflow.
                process.Pages.Add(r.Address >> _pageShift, (r.Address + r.Size - 1) >> _pageShift);
            }
        }

        _lastTimeNs = lastTime;
        _records += records.Length;
    }

    /// <summary>
    /// Summarises what was added. <paramref name="header"/> names the source, the format and the
    /// initiators (read now, so a list that grew while reading, like a CSV reader's, is complete).
    /// </summary>
    public TraceStatistics ToStatistics(TraceHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var initiatorCount = Math.Max(header.Initiators.Count, LastUsedInitiator() + 1);
        var initiators = new InitiatorCount[initiatorCount];
        for (var i = 0; i < initiators.Length; i++)
        {
            var name = i < header.Initiators.Count ? header.Initiators[i] : string.Create(CultureInfo.InvariantCulture, $"#{i}");
            initiators[i] = new InitiatorCount(i, name, i < _initiatorRecords.Length ? _initiatorRecords[i] : 0);
        }

        var operations = new List<OperationCount>();
        for (var op = 0; op < _operationRecords.Length; op++)
        {
            if (_operationRecords[op] > 0)
            {
                operations.Add(new OperationCount((TraceOperation)op, _operationRecords[op], _operationBytes[op]));
            }
        }

        var pids = new uint[_processes.Count];
        _processes.Keys.CopyTo(pids, 0);
        Array.Sort(pids);
        var processes = new ProcessStatistics[pids.Length];
        var largest = new PriorityQueue<TouchedRange, TouchedRange>(LargerRangeFirst.Reversed);
        long touchedPages = 0;
        long rangeCount = 0;
        var pageSize = 1UL << _pageShift;
        for (var p = 0; p < pids.Length; p++)
        {
            var state = _processes[pids[p]];
            var runs = state.Pages.Runs();
            var pages = PageSet.CountPages(runs);
            long ranges = 0;
            var pid = pids[p];
            foreach (var (first, count) in runs)
            {
                ranges++;
                if (_topRanges == 0)
                {
                    continue;
                }

                var size = count > ulong.MaxValue >> _pageShift ? ulong.MaxValue : count << _pageShift;
                var range = new TouchedRange(pid, first << _pageShift, (first + count) << _pageShift, count, size);
                if (largest.Count < _topRanges)
                {
                    largest.Enqueue(range, range);
                }
                else if (LargerRangeFirst.Instance.Compare(range, largest.Peek()) < 0)
                {
                    largest.DequeueEnqueue(range, range);
                }
            }

            processes[p] = new ProcessStatistics(pid, state.Records, state.Accesses, pages, pages > long.MaxValue / (long)pageSize ? long.MaxValue : pages * (long)pageSize, ranges);
            touchedPages += pages;
            rangeCount += ranges;
        }

        var top = new TouchedRange[largest.Count];
        for (var i = top.Length - 1; i >= 0; i--)
        {
            top[i] = largest.Dequeue();
        }

        return new TraceStatistics
        {
            Source = header.Source,
            Format = header.Format,
            PageSizeBytes = (long)pageSize,
            RecordCount = _records,
            FirstTimeNs = _records == 0 ? null : _firstTimeNs,
            LastTimeNs = _records == 0 ? null : _lastTimeNs,
            OutOfOrderRecords = _outOfOrder,
            Initiators = initiators,
            Operations = operations,
            Processes = processes,
            TouchedPages = touchedPages,
            TouchedBytes = touchedPages * (long)pageSize,
            RangeCount = rangeCount,
            LargestRanges = top,
        };
    }

    private int LastUsedInitiator()
    {
        for (var i = _initiatorRecords.Length - 1; i >= 0; i--)
        {
            if (_initiatorRecords[i] > 0)
            {
                return i;
            }
        }

        return -1;
    }

    private ProcessState Process(uint processId)
    {
        if (_lastProcess is not null && processId == _lastProcessId)
        {
            return _lastProcess;
        }

        if (!_processes.TryGetValue(processId, out var state))
        {
            state = new ProcessState();
            _processes.Add(processId, state);
        }

        _lastProcessId = processId;
        _lastProcess = state;
        return state;
    }

    private sealed class ProcessState
    {
        public long Records;
        public long Accesses;
        public readonly PageSet Pages = new();
    }

    /// <summary>Orders ranges largest first, then by process id, then by address.</summary>
    private sealed class LargerRangeFirst : IComparer<TouchedRange>
    {
        public static readonly LargerRangeFirst Instance = new();

        public static readonly IComparer<TouchedRange> Reversed = Comparer<TouchedRange>.Create(static (a, b) => Instance.Compare(b, a));

        public int Compare(TouchedRange? x, TouchedRange? y)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            var c = y.Pages.CompareTo(x.Pages);
            if (c == 0)
            {
                c = x.ProcessId.CompareTo(y.ProcessId);
            }

            return c != 0 ? c : x.StartAddress.CompareTo(y.StartAddress);
        }
    }
}
