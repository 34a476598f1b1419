namespace HmsTrace.Traces.Generators;

/// <summary>Generates the <c>phase-shift</c> workload (see <see cref="PhaseShiftOptions"/>).</summary>
internal sealed class PhaseShiftTrace : GeneratedTrace
{
    private const uint ProcessId = 1;
    private readonly PhaseShiftOptions _options;
    private readonly ulong _base;
    private readonly ulong _slotsPerPage;
    private Xoshiro256StarStar _random;
    private long _accesses;
    private long _untilShift;
    private ulong _hotStart;
    private ulong _window;
    private bool _markerDue;

    public PhaseShiftTrace(PhaseShiftOptions options)
        : this(options, MappedBuffer.Layout(ProcessId, 0, [options.FootprintPages * options.PageSizeBytes]))
    {
    }

    private PhaseShiftTrace(PhaseShiftOptions options, MappedBuffer[] buffers)
        : base(
            PhaseShiftOptions.Name,
            [options.Initiator],
            MapRecords(buffers, TraceOperation.Mmap, 0),
            options.Accesses + MarkerCount(options),
            MapRecords(buffers, TraceOperation.Munmap, options.Accesses * options.AccessIntervalNs, options.UnmapAtEnd))
    {
        _options = options;
        _base = buffers[0].Address;
        _slotsPerPage = (ulong)(options.PageSizeBytes / options.AccessSizeBytes);
        _untilShift = options.ShiftEveryAccesses;
        _random = new Xoshiro256StarStar(options.Seed);
    }

    protected override void FillBody(Span<TraceRecord> destination)
    {
        var random = _random;
        var o = _options;
        var size = (ulong)o.AccessSizeBytes;
        var pageSize = (ulong)o.PageSizeBytes;
        var footprint = (ulong)o.FootprintPages;
        var hotPages = (ulong)o.HotPages;
        for (var i = 0; i < destination.Length; i++)
        {
            if (_untilShift == 0)
            {
                _untilShift = o.ShiftEveryAccesses;
                _window++;
                _hotStart = (_hotStart + (ulong)o.ShiftPages) % footprint;
                _markerDue = o.ShiftMarkers;
            }

            if (_markerDue)
            {
                destination[i] = new TraceRecord(_accesses * o.AccessIntervalNs, 0, 0, _window, ProcessId, 0, TraceOperation.Marker);
                _markerDue = false;
                continue;
            }

            var page = random.NextDouble() < o.HotFraction
                ? (_hotStart + random.NextBelow(hotPages)) % footprint
                : random.NextBelow(footprint);
            var offset = random.NextBelow(_slotsPerPage) * size;
            var op = random.NextDouble() < o.ReadFraction ? TraceOperation.Read : TraceOperation.Write;
            destination[i] = new TraceRecord(_accesses * o.AccessIntervalNs, _base + (page * pageSize) + offset, size, 0, ProcessId, 0, op);
            _accesses++;
            _untilShift--;
        }

        _random = random;
    }

    private static long MarkerCount(PhaseShiftOptions options)
        => options.ShiftMarkers && options.Accesses > 0 ? (options.Accesses - 1) / options.ShiftEveryAccesses : 0;
}
