namespace HmsTrace.Traces.Generators;

/// <summary>
/// Options of the <c>stream</c> workload: STREAM-like sequential scans (copy, scale, add, triad)
/// over three arrays a, b and c of one process (pid 1) — pure bandwidth, no reuse within an
/// iteration, every page touched once per kernel.
/// </summary>
/// <remarks>
/// <para>
/// Records: three <c>mmap</c> records (a, b, c; each <see cref="ArrayBytes"/> rounded up to whole
/// 4 KiB pages, on 2 MiB boundaries from 0x7f0000000000); then <see cref="Iterations"/> times, for
/// each kernel of <see cref="Kernels"/> in STREAM order, for each element i, the kernel's reads of
/// element i of its sources followed by the write of element i of its destination, each of
/// <see cref="ElementSizeBytes"/> bytes, all by <see cref="Initiator"/>; three <c>munmap</c> records
/// (if <see cref="WorkloadOptions.UnmapAtEnd"/>).
/// </para>
/// <para>
/// Per element, copy and scale make 1 read + 1 write, add and triad 2 reads + 1 write. With
/// E = ArrayBytes / ElementSizeBytes elements the total is
/// 3 + Iterations × E × (accesses per element of the selected kernels) + 3 unmap records
/// (10 accesses per element for all four kernels).
/// </para>
/// </remarks>
public sealed record StreamOptions : WorkloadOptions
{
    internal const string Name = "stream";

    internal const string Description =
        "STREAM-like sequential scans over arrays a, b, c: copy, scale, add, triad, repeated for some iterations.";

    /// <summary>Size of each of the three arrays in bytes, a multiple of <see cref="ElementSizeBytes"/>. Default 1 MiB.</summary>
    public long ArrayBytes { get; init; } = 1L << 20;

    /// <summary>Bytes per element, which is also the size of each access. Default 8 (a double).</summary>
    public long ElementSizeBytes { get; init; } = 8;

    /// <summary>How many times the kernels run. Default 4.</summary>
    public int Iterations { get; init; } = 4;

    /// <summary>Which kernels each iteration runs (always in the order copy, scale, add, triad). Default all four.</summary>
    public StreamKernels Kernels { get; init; } = StreamKernels.All;

    /// <summary>Initiator that issues every access. Default <c>cpu0</c>.</summary>
    public string Initiator { get; init; } = "cpu0";

    internal override string WorkloadName => Name;

    internal static IEnumerable<GeneratorOption> OptionList(StreamOptions defaults)
    {
        yield return new GeneratorOption("array-size", "size of each of the arrays a, b, c (e.g. 1MiB)", defaults,
            static o => OptionValue.ShowSize(((StreamOptions)o).ArrayBytes),
            static (o, v) => (StreamOptions)o with { ArrayBytes = OptionValue.Size(v, "array-size") });
        yield return new GeneratorOption("element-size", "bytes per element and per access (8 = double)", defaults,
            static o => OptionValue.ShowSize(((StreamOptions)o).ElementSizeBytes),
            static (o, v) => (StreamOptions)o with { ElementSizeBytes = OptionValue.Size(v, "element-size") });
        yield return new GeneratorOption("iterations", "how many times the kernels run", defaults,
            static o => OptionValue.Show(((StreamOptions)o).Iterations),
            static (o, v) => (StreamOptions)o with { Iterations = (int)Math.Min(int.MaxValue, OptionValue.Count(v, "iterations")) });
        yield return new GeneratorOption("kernels", "comma-separated kernels among copy, scale, add, triad (or all)", defaults,
            static o => ShowKernels(((StreamOptions)o).Kernels),
            static (o, v) => (StreamOptions)o with { Kernels = ParseKernels(v) });
        yield return new GeneratorOption("initiator", "initiator that issues the accesses", defaults,
            static o => ((StreamOptions)o).Initiator,
            static (o, v) => (StreamOptions)o with { Initiator = OptionValue.Name(v, "initiator") });
    }

    internal override long AccessCount() => StreamTrace.AccessCount(this);

    private protected override void Validate()
    {
        base.Validate();
        OptionValue.Require(ElementSizeBytes is >= 1 and <= 1L << 30, "element-size", $"{ElementSizeBytes} bytes is out of range", "Give 1 byte to 1 GiB, e.g. 8");
        OptionValue.Require(
            ArrayBytes >= ElementSizeBytes && ArrayBytes <= Limits.MaxBufferBytes && ArrayBytes % ElementSizeBytes == 0,
            "array-size",
            $"{ArrayBytes} bytes is not a whole number of {ElementSizeBytes}-byte elements up to 64 TiB",
            "Give a multiple of the element size");
        OptionValue.Require(Iterations is >= 1 and <= 1_000_000, "iterations", $"{Iterations} is out of range", "Give 1 to 1000000 iterations");
        OptionValue.Require(Kernels != StreamKernels.None && (Kernels & ~StreamKernels.All) == 0, "kernels", $"'{Kernels}' selects no valid kernel", "Give copy, scale, add, triad or all");
        OptionValue.Require(
            ArrayBytes / ElementSizeBytes * Iterations <= Limits.MaxAccesses / 10,
            "iterations",
            "the trace would have more than 2^40 accesses",
            "Use smaller arrays or fewer iterations");
        OptionValue.Name(Initiator ?? string.Empty, "initiator");
    }

    internal override ITraceReader CreateTrace() => new StreamTrace(this);

    private static string ShowKernels(StreamKernels kernels)
    {
        if (kernels == StreamKernels.All)
        {
            return "all";
        }

        var names = new List<string>(4);
        foreach (var kernel in (ReadOnlySpan<StreamKernels>)[StreamKernels.Copy, StreamKernels.Scale, StreamKernels.Add, StreamKernels.Triad])
        {
            if ((kernels & kernel) != 0)
            {
                names.Add(kernel.ToString().ToLowerInvariant());
            }
        }

        return string.Join(',', names);
    }

    private static StreamKernels ParseKernels(string text)
    {
        var kernels = StreamKernels.None;
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            kernels |= part.ToUpperInvariant() switch
            {
                "COPY" => StreamKernels.Copy,
                "SCALE" => StreamKernels.Scale,
                "ADD" => StreamKernels.Add,
                "TRIAD" => StreamKernels.Triad,
                "ALL" => StreamKernels.All,
                _ => throw InputException.In("--kernels", $"'{part}' is not a STREAM kernel", "Give a comma-separated list of copy, scale, add, triad, or all"),
            };
        }

        return kernels;
    }
}
