namespace HmsTrace.Traces.Generators;

/// <summary>Generates the <c>stream</c> workload (see <see cref="StreamOptions"/>).</summary>
internal sealed class StreamTrace : GeneratedTrace
{
    private const uint ProcessId = 1;
    private const int A = 0;
    private const int B = 1;
    private const int C = 2;

    private readonly StreamOptions _options;
    private readonly ulong[] _arrayBase;
    private readonly Step[] _program;
    private readonly ulong _elements;
    private int _step;
    private ulong _element;
    private long _accesses;

    public StreamTrace(StreamOptions options)
        : this(options, MappedBuffer.Layout(ProcessId, 0, [options.ArrayBytes, options.ArrayBytes, options.ArrayBytes]), Program(options.Kernels))
    {
    }

    private StreamTrace(StreamOptions options, MappedBuffer[] buffers, Step[] program)
        : base(
            StreamOptions.Name,
            [options.Initiator],
            MapRecords(buffers, TraceOperation.Mmap, 0),
            Accesses(options, program),
            MapRecords(buffers, TraceOperation.Munmap, Accesses(options, program) * options.AccessIntervalNs, options.UnmapAtEnd))
    {
        _options = options;
        _arrayBase = [buffers[A].Address, buffers[B].Address, buffers[C].Address];
        _program = program;
        _elements = (ulong)(options.ArrayBytes / options.ElementSizeBytes);
    }

    protected override void FillBody(Span<TraceRecord> destination)
    {
        var size = (ulong)_options.ElementSizeBytes;
        var interval = _options.AccessIntervalNs;
        var program = _program;
        for (var i = 0; i < destination.Length; i++)
        {
            var step = program[_step];
            destination[i] = new TraceRecord(_accesses * interval, _arrayBase[step.Array] + (_element * size), size, 0, ProcessId, 0, step.Operation);
            _accesses++;
            if (!step.LastOfElement)
            {
                _step++;
            }
            else if (++_element < _elements)
            {
                _step = step.FirstOfKernel;
            }
            else
            {
                // Next kernel, or the first kernel of the next iteration.
                _element = 0;
                _step = _step + 1 == program.Length ? 0 : _step + 1;
            }
        }
    }

    /// <summary>Accesses of a valid <paramref name="options"/>.</summary>
    internal static long AccessCount(StreamOptions options) => Accesses(options, Program(options.Kernels));

    private static long Accesses(StreamOptions options, Step[] program) => options.ArrayBytes / options.ElementSizeBytes * options.Iterations * program.Length;

    /// <summary>The accesses of one element of every selected kernel, in STREAM order.</summary>
    private static Step[] Program(StreamKernels kernels)
    {
        var steps = new List<Step>();
        void Kernel(StreamKernels kernel, ReadOnlySpan<int> sources, int destination)
        {
            if ((kernels & kernel) == 0)
            {
                return;
            }

            var first = steps.Count;
            foreach (var source in sources)
            {
                steps.Add(new Step(source, TraceOperation.Read, first, false));
            }

            steps.Add(new Step(destination, TraceOperation.Write, first, true));
        }

        Kernel(StreamKernels.Copy, [A], C);
        Kernel(StreamKernels.Scale, [C], B);
        Kernel(StreamKernels.Add, [A, B], C);
        Kernel(StreamKernels.Triad, [B, C], A);
        return [.. steps];
    }

    private readonly record struct Step(int Array, TraceOperation Operation, int FirstOfKernel, bool LastOfElement);
}
