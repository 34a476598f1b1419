namespace HmsTrace.Traces.Generators;

/// <summary>
/// Options of the <c>phase-shift</c> workload: one process (pid 1) whose hot set of
/// <see cref="HotPages"/> pages moves every <see cref="ShiftEveryAccesses"/> accesses — a policy
/// that learned the old hot set must notice and migrate again.
/// </summary>
/// <remarks>
/// <para>
/// Window w (w = access index / ShiftEveryAccesses) has its hot set at pages
/// [w × <see cref="ShiftPages"/>, w × ShiftPages + HotPages) modulo the footprint. An access goes to
/// a uniformly drawn page of the current hot set with probability <see cref="HotFraction"/>, else to
/// a uniformly drawn page of the whole footprint; inside the page the offset is a uniformly drawn
/// multiple of <see cref="AccessSizeBytes"/>. Reads with probability <see cref="ReadFraction"/>.
/// </para>
/// <para>
/// Records: one <c>mmap</c> of FootprintPages × <see cref="PageSizeBytes"/> bytes at
/// 0x7f0000000000; the accesses, with a <c>marker</c> (argument = new window index) before the first
/// access of every window but the first (if <see cref="ShiftMarkers"/>); one <c>munmap</c> (if
/// <see cref="WorkloadOptions.UnmapAtEnd"/>). Total: 1 + Accesses + ⌈Accesses / ShiftEveryAccesses⌉ − 1
/// markers + unmap records.
/// </para>
/// </remarks>
public sealed record PhaseShiftOptions : WorkloadOptions
{
    internal const string Name = "phase-shift";

    internal const string Description =
        "A hot set that moves to new pages every N accesses: tests how fast a policy follows a changing working set.";

    /// <summary>Number of pages in the mapped footprint. Default 65 536 (256 MiB at 4 KiB).</summary>
    public long FootprintPages { get; init; } = 65_536;

    /// <summary>Number of pages in the hot set, at most the footprint. Default 4096 (16 MiB at 4 KiB).</summary>
    public long HotPages { get; init; } = 4096;

    /// <summary>Probability that an access goes to the hot set, in [0, 1]. Default 0.9.</summary>
    public double HotFraction { get; init; } = 0.9;

    /// <summary>The hot set moves after this many accesses. Default 250 000.</summary>
    public long ShiftEveryAccesses { get; init; } = 250_000;

    /// <summary>How many pages the hot set moves by at each shift (wrapping around the footprint). Default 4096: the next hot set is disjoint.</summary>
    public long ShiftPages { get; init; } = 4096;

    /// <summary>Number of accesses. Default 1 000 000.</summary>
    public long Accesses { get; init; } = 1_000_000;

    /// <summary>Probability that an access is a read rather than a write, in [0, 1]. Default 0.8.</summary>
    public double ReadFraction { get; init; } = 0.8;

    /// <summary>Bytes per access, dividing <see cref="PageSizeBytes"/>. Default 64.</summary>
    public long AccessSizeBytes { get; init; } = 64;

    /// <summary>Size of a page of the footprint and the hot set in bytes, a multiple of 4 KiB. Default 4096.</summary>
    public long PageSizeBytes { get; init; } = 4096;

    /// <summary>Initiator that issues every access. Default <c>cpu0</c>.</summary>
    public string Initiator { get; init; } = "cpu0";

    /// <summary>Whether a <c>marker</c> record (argument = new window index) precedes each shift. Default true.</summary>
    public bool ShiftMarkers { get; init; } = true;

    internal override string WorkloadName => Name;

    internal static IEnumerable<GeneratorOption> OptionList(PhaseShiftOptions defaults)
    {
        yield return new GeneratorOption("footprint-pages", "number of pages in the mapped footprint", defaults,
            static o => OptionValue.Show(((PhaseShiftOptions)o).FootprintPages),
            static (o, v) => (PhaseShiftOptions)o with { FootprintPages = OptionValue.Count(v, "footprint-pages") });
        yield return new GeneratorOption("hot-pages", "number of pages in the hot set", defaults,
            static o => OptionValue.Show(((PhaseShiftOptions)o).HotPages),
            static (o, v) => (PhaseShiftOptions)o with { HotPages = OptionValue.Count(v, "hot-pages") });
        yield return new GeneratorOption("hot-fraction", "probability that an access goes to the hot set (0..1)", defaults,
            static o => OptionValue.Show(((PhaseShiftOptions)o).HotFraction),
            static (o, v) => (PhaseShiftOptions)o with { HotFraction = OptionValue.Fraction(v, "hot-fraction") });
        yield return new GeneratorOption("shift-every", "accesses between two moves of the hot set", defaults,
            static o => OptionValue.Show(((PhaseShiftOptions)o).ShiftEveryAccesses),
            static (o, v) => (PhaseShiftOptions)o with { ShiftEveryAccesses = OptionValue.Count(v, "shift-every") });
        yield return new GeneratorOption("shift-pages", "pages the hot set moves by at each shift", defaults,
            static o => OptionValue.Show(((PhaseShiftOptions)o).ShiftPages),
            static (o, v) => (PhaseShiftOptions)o with { ShiftPages = OptionValue.Count(v, "shift-pages") });
        yield return new GeneratorOption("accesses", "number of accesses", defaults,
            static o => OptionValue.Show(((PhaseShiftOptions)o).Accesses),
            static (o, v) => (PhaseShiftOptions)o with { Accesses = OptionValue.Count(v, "accesses") });
        yield return new GeneratorOption("read-fraction", "probability that an access is a read (0..1)", defaults,
            static o => OptionValue.Show(((PhaseShiftOptions)o).ReadFraction),
            static (o, v) => (PhaseShiftOptions)o with { ReadFraction = OptionValue.Fraction(v, "read-fraction") });
        yield return new GeneratorOption("access-size", "bytes per access, dividing the page size", defaults,
            static o => OptionValue.ShowSize(((PhaseShiftOptions)o).AccessSizeBytes),
            static (o, v) => (PhaseShiftOptions)o with { AccessSizeBytes = OptionValue.Size(v, "access-size") });
        yield return new GeneratorOption("page-size", "size of a page, a multiple of 4KiB", defaults,
            static o => OptionValue.ShowSize(((PhaseShiftOptions)o).PageSizeBytes),
            static (o, v) => (PhaseShiftOptions)o with { PageSizeBytes = OptionValue.Size(v, "page-size") });
        yield return new GeneratorOption("initiator", "initiator that issues the accesses", defaults,
            static o => ((PhaseShiftOptions)o).Initiator,
            static (o, v) => (PhaseShiftOptions)o with { Initiator = OptionValue.Name(v, "initiator") });
        yield return new GeneratorOption("markers", "emit a marker record (argument = window index) at each shift", defaults,
            static o => OptionValue.Show(((PhaseShiftOptions)o).ShiftMarkers),
            static (o, v) => (PhaseShiftOptions)o with { ShiftMarkers = OptionValue.Bool(v, "markers") });
    }

    internal override long AccessCount() => Accesses;

    private protected override void Validate()
    {
        base.Validate();
        OptionValue.Require(FootprintPages is >= 1 and <= Limits.MaxFootprintPages, "footprint-pages", $"{FootprintPages} pages is out of range", "Give 1 to 2^28 pages");
        OptionValue.Require(HotPages >= 1 && HotPages <= FootprintPages, "hot-pages", $"{HotPages} pages is not between 1 and the footprint ({FootprintPages})", "Give a hot set no larger than the footprint");
        OptionValue.Require(double.IsFinite(HotFraction) && HotFraction is >= 0 and <= 1, "hot-fraction", $"{HotFraction} is not between 0 and 1", "Give a fraction such as 0.9");
        OptionValue.Require(ShiftEveryAccesses >= 1, "shift-every", $"{ShiftEveryAccesses} is not positive", "Give a number of accesses ≥ 1");
        OptionValue.Require(ShiftPages >= 0, "shift-pages", $"{ShiftPages} is negative", "Give a number of pages ≥ 0");
        OptionValue.Require(Accesses is >= 0 and <= Limits.MaxAccesses, "accesses", $"{Accesses} is out of range", "Give 0 to 2^40 accesses");
        OptionValue.Require(double.IsFinite(ReadFraction) && ReadFraction is >= 0 and <= 1, "read-fraction", $"{ReadFraction} is not between 0 and 1", "Give a fraction such as 0.8");
        OptionValue.Name(Initiator ?? string.Empty, "initiator");
        Geometry.Validate(PageSizeBytes, AccessSizeBytes, FootprintPages);
    }

    internal override ITraceReader CreateTrace() => new PhaseShiftTrace(this);
}
