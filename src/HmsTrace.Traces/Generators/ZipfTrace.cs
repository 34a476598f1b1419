namespace HmsTrace.Traces.Generators;

/// <summary>Generates the <c>zipf</c> workload (see <see cref="ZipfOptions"/>).</summary>
internal sealed class ZipfTrace : GeneratedTrace
{
    private const uint ProcessId = 1;
    private readonly ZipfOptions _options;
    private readonly ZipfSampler _sampler;
    private readonly int[]? _pageOfRank;
    private readonly ulong _base;
    private readonly ulong _slotsPerPage;
    private Xoshiro256StarStar _random;
    private long _accesses;

    public ZipfTrace(ZipfOptions options)
        : this(options, MappedBuffer.Layout(ProcessId, 0, [options.FootprintPages * options.PageSizeBytes]))
    {
    }

    private ZipfTrace(ZipfOptions options, MappedBuffer[] buffers)
        : base(
            ZipfOptions.Name,
            [options.Initiator],
            MapRecords(buffers, TraceOperation.Mmap, 0),
            options.Accesses,
            MapRecords(buffers, TraceOperation.Munmap, options.Accesses * options.AccessIntervalNs, options.UnmapAtEnd))
    {
        _options = options;
        _base = buffers[0].Address;
        _slotsPerPage = (ulong)(options.PageSizeBytes / options.AccessSizeBytes);
        _sampler = new ZipfSampler(options.FootprintPages, options.Exponent);
        _random = new Xoshiro256StarStar(options.Seed);
        if (options.ShufflePages)
        {
            _pageOfRank = Permutation.Create((int)options.FootprintPages, ref _random);
        }
    }

    protected override void FillBody(Span<TraceRecord> destination)
    {
        var random = _random;
        var size = (ulong)_options.AccessSizeBytes;
        var pageSize = (ulong)_options.PageSizeBytes;
        var interval = _options.AccessIntervalNs;
        var readFraction = _options.ReadFraction;
        var pageOfRank = _pageOfRank;
        for (var i = 0; i < destination.Length; i++)
        {
            var rank = _sampler.Sample(ref random) - 1;
            var page = pageOfRank is null ? (ulong)rank : (ulong)pageOfRank[rank];
            var offset = random.NextBelow(_slotsPerPage) * size;
            var op = random.NextDouble() < readFraction ? TraceOperation.Read : TraceOperation.Write;
            destination[i] = new TraceRecord(_accesses * interval, _base + (page * pageSize) + offset, size, 0, ProcessId, 0, op);
            _accesses++;
        }

        _random = random;
    }
}
