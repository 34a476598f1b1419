namespace HmsTrace.Traces.Generators;

/// <summary>Generates the <c>pingpong</c> workload (see <see cref="PingPongOptions"/>).</summary>
internal sealed class PingPongTrace : GeneratedTrace
{
    private const uint ProcessId = 1;
    private readonly PingPongOptions _options;
    private readonly ulong _base;
    private readonly ulong _slots;
    private readonly long _recordsPerPhase;
    private Xoshiro256StarStar _random;
    private int _phase;
    private long _inPhase;
    private ulong _slot;
    private long _accesses;

    public PingPongTrace(PingPongOptions options)
        : this(options, MappedBuffer.Layout(ProcessId, 0, [options.BufferBytes]))
    {
    }

    private PingPongTrace(PingPongOptions options, MappedBuffer[] buffers)
        : base(
            PingPongOptions.Name,
            ["cpu0", "gpu0"],
            MapRecords(buffers, TraceOperation.Mmap, 0),
            options.Phases * (options.AccessesPerPhase + (options.PhaseMarkers ? 1 : 0)),
            MapRecords(buffers, TraceOperation.Munmap, options.Phases * options.AccessesPerPhase * options.AccessIntervalNs, options.UnmapAtEnd))
    {
        _options = options;
        _base = buffers[0].Address;
        _slots = (ulong)(options.BufferBytes / options.AccessSizeBytes);
        _recordsPerPhase = options.AccessesPerPhase + (options.PhaseMarkers ? 1 : 0);
        _random = new Xoshiro256StarStar(options.Seed);
    }

    protected override void FillBody(Span<TraceRecord> destination)
    {
        var random = _random;
        var size = (ulong)_options.AccessSizeBytes;
        var interval = _options.AccessIntervalNs;
        var readFraction = _options.ReadFraction;
        for (var i = 0; i < destination.Length; i++)
        {
            if (_inPhase == _recordsPerPhase)
            {
                _phase++;
                _inPhase = 0;
                _slot = 0;
            }

            var initiator = (ushort)(_phase & 1);
            if (_inPhase == 0 && _options.PhaseMarkers)
            {
                destination[i] = new TraceRecord(_accesses * interval, 0, 0, (ulong)_phase, ProcessId, initiator, TraceOperation.Marker);
                _inPhase++;
                continue;
            }

            var op = random.NextDouble() < readFraction ? TraceOperation.Read : TraceOperation.Write;
            destination[i] = new TraceRecord(_accesses * interval, _base + (_slot * size), size, 0, ProcessId, initiator, op);
            if (++_slot == _slots)
            {
                _slot = 0;
            }

            _accesses++;
            _inPhase++;
        }

        _random = random;
    }
}
