namespace HmsTrace.Traces.Generators;

/// <summary>Generates the <c>multi-tenant</c> workload (see <see cref="MultiTenantOptions"/>).</summary>
internal sealed class MultiTenantTrace : GeneratedTrace
{
    private const ushort Cpu = 0;
    private const ushort Gpu = 1;
    private readonly MultiTenantOptions _options;
    private readonly MappedBuffer[] _buffers;
    private readonly ZipfSampler[] _samplers;
    private readonly ulong _slotsPerPage;
    private Xoshiro256StarStar _random;
    private long _accesses;
    private int _tenant;
    private long _inSlice;

    public MultiTenantTrace(MultiTenantOptions options)
        : this(options, Layout(options))
    {
    }

    private MultiTenantTrace(MultiTenantOptions options, MappedBuffer[] buffers)
        : base(
            MultiTenantOptions.Name,
            ["cpu0", "gpu0"],
            MapRecords(buffers, TraceOperation.Mmap, 0),
            options.Accesses,
            MapRecords(buffers, TraceOperation.Munmap, options.Accesses * options.AccessIntervalNs, options.UnmapAtEnd))
    {
        _options = options;
        _buffers = buffers;
        _samplers = new ZipfSampler[buffers.Length];
        for (var t = 0; t < buffers.Length; t++)
        {
            _samplers[t] = new ZipfSampler(options.PagesOf(t), options.Exponent);
        }

        _slotsPerPage = (ulong)(options.PageSizeBytes / options.AccessSizeBytes);
        _random = new Xoshiro256StarStar(options.Seed);
    }

    protected override void FillBody(Span<TraceRecord> destination)
    {
        var random = _random;
        var o = _options;
        var size = (ulong)o.AccessSizeBytes;
        var pageSize = (ulong)o.PageSizeBytes;
        for (var i = 0; i < destination.Length; i++)
        {
            if (_inSlice == o.SliceAccesses)
            {
                _inSlice = 0;
                _tenant = _tenant + 1 == _buffers.Length ? 0 : _tenant + 1;
            }

            ref readonly var buffer = ref _buffers[_tenant];
            var initiator = random.NextDouble() < o.GpuFraction ? Gpu : Cpu;
            var page = (ulong)(_samplers[_tenant].Sample(ref random) - 1);
            var offset = random.NextBelow(_slotsPerPage) * size;
            var op = random.NextDouble() < o.ReadFraction ? TraceOperation.Read : TraceOperation.Write;
            destination[i] = new TraceRecord(_accesses * o.AccessIntervalNs, buffer.Address + (page * pageSize) + offset, size, 0, buffer.ProcessId, initiator, op);
            _accesses++;
            _inSlice++;
        }

        _random = random;
    }

    private static MappedBuffer[] Layout(MultiTenantOptions options)
    {
        var buffers = new MappedBuffer[options.Tenants];
        for (var t = 0; t < buffers.Length; t++)
        {
            var bytes = options.PagesOf(t) * options.PageSizeBytes;
            buffers[t] = MappedBuffer.Layout((uint)(t + 1), Cpu, [bytes])[0];
        }

        return buffers;
    }
}
