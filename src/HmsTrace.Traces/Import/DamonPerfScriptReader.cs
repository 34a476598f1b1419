namespace HmsTrace.Traces.Import;

/// <summary>
/// Imports <c>perf script</c> output of <c>damon:damon_aggregated</c> tracepoints. One line is one
/// region; a snapshot is <c>nr_regions</c> consecutive lines of one target, ending (DAMON emits the
/// event at the end of each aggregation window) at the time of its first line and starting at the
/// end of the target's previous snapshot. The first snapshot has no previous one: its length is
/// taken to be the second's (damo averages over the whole recording instead, which a streaming
/// reader cannot; the report in <see cref="DamonRawReport"/> follows damo exactly). damo's
/// placeholder snapshot (one region 0-0 with -1 accesses) only supplies that end time. Records are
/// the same as for <see cref="DamonFormat"/>.
/// </summary>
internal sealed class DamonPerfScriptReader : TextImportReader
{
    private readonly Dictionary<ulong, Target> _targets = [];
    private readonly List<DamonRegion> _regions = [];
    private Target? _current;
    private long _currentEndNs;
    private ulong _currentCount;

    public DamonPerfScriptReader(Stream content, string path, TraceReadOptions options)
        : base(content, path, options, DamonPerfScriptFormat.Instance.Name)
    {
    }

    protected override bool ParseLine(ReadOnlySpan<byte> line)
    {
        var kind = PerfScriptReader.Classify(line, out var head, out _, out _, out _);
        if (kind == PerfScriptReader.LineKind.Skip)
        {
            return true;
        }

        if (kind != PerfScriptReader.LineKind.Damon || !head.Event.SequenceEqual("damon:damon_aggregated"u8)
            || !DamonPerfLine.TryParse(head.Rest, out var d))
        {
            return Fail("not a damon:damon_aggregated line (expected 'comm pid [cpu] time: damon:damon_aggregated: target_id=T nr_regions=N start-end: nr_accesses [age]')");
        }

        if (head.TimeNs < 0)
        {
            return Fail("the line has no timestamp", "Run perf script with the time field");
        }

        if (!d.IsFake && d.End <= d.Start)
        {
            return Fail($"the region ends (0x{d.End:x}) at or before it starts (0x{d.Start:x})");
        }

        if (!d.IsFake && d.NrAccesses < 0)
        {
            return Fail($"negative access count {d.NrAccesses}");
        }

        if (!_targets.TryGetValue(d.TargetId, out var target))
        {
            var pid = (ulong)Options.ProcessId + (ulong)_targets.Count;
            if (pid > uint.MaxValue)
            {
                return Fail("too many targets for the process id range", "Give a smaller --pid");
            }

            target = new Target((uint)pid);
            _targets.Add(d.TargetId, target);
        }

        if (_current is null)
        {
            if (target.LastEndNs > head.TimeNs)
            {
                return Fail("the trace is not sorted by time", "Sort the perf script output by time");
            }

            _current = target;
            _currentEndNs = head.TimeNs;
            _currentCount = d.NrRegions;
            _regions.Clear();
        }
        else if (_current != target || _currentCount != d.NrRegions)
        {
            return Fail($"a snapshot of {_currentCount} regions is interrupted by a line of another snapshot");
        }

        _regions.Add(new DamonRegion(d.Start, d.End, d.NrAccesses, d.Age));
        if ((ulong)_regions.Count == _currentCount)
        {
            Complete(target);
        }

        return true;
    }

    protected override void OnEndOfInput()
    {
        if (_current is not null)
        {
            if (!TrySkip())
            {
                throw LineError($"the file ends inside a snapshot ({_regions.Count} of {_currentCount} regions)", "The capture was cut; drop the partial snapshot with `hmstrace trace convert --skip-bad 1`");
            }

            _current = null;
        }

        foreach (var target in _targets.Values)
        {
            if (target.First is { } first)
            {
                // A single snapshot: its start is unknown; a zero-length window at its end.
                EmitSnapshot(target, first, target.FirstEndNs, target.FirstEndNs);
                target.First = null;
            }
        }
    }

    private void Complete(Target target)
    {
        _current = null;
        var fake = _regions.Count == 1 && _regions[0] is { Start: 0, End: 0, NrAccesses: -1 };
        if (target.First is { } first)
        {
            EmitSnapshot(target, first, target.FirstEndNs - (_currentEndNs - target.FirstEndNs), target.FirstEndNs);
            target.First = null;
        }
        else if (target.LastEndNs < 0 && !fake)
        {
            target.First = [.. _regions];
            target.FirstEndNs = _currentEndNs;
            target.LastEndNs = _currentEndNs;
            return;
        }

        if (!fake)
        {
            EmitSnapshot(target, _regions, target.LastEndNs, _currentEndNs);
        }

        target.LastEndNs = _currentEndNs;
    }

    private void EmitSnapshot(Target target, List<DamonRegion> regions, long startNs, long endNs)
    {
        foreach (var r in regions)
        {
            Emit(new TraceRecord(startNs, r.Start, r.End - r.Start, (ulong)r.NrAccesses, target.Pid, 0, TraceOperation.RegionAccess));
        }

        Emit(DamonFormat.WindowEnd(endNs, target.Pid));
    }

    private sealed class Target(uint pid)
    {
        public uint Pid { get; } = pid;

        public long LastEndNs { get; set; } = -1;

        public List<DamonRegion>? First { get; set; }

        public long FirstEndNs { get; set; }
    }
}
