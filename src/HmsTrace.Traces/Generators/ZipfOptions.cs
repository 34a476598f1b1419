namespace HmsTrace.Traces.Generators;

/// <summary>
/// Options of the <c>zipf</c> workload: one process (pid 1) maps a footprint of
/// <see cref="FootprintPages"/> pages and accesses page of rank k with probability proportional to
/// 1 / k^<see cref="Exponent"/> — a skewed hot set, the classic caching and tiering benchmark.
/// </summary>
/// <remarks>
/// <para>
/// Records: one <c>mmap</c> of FootprintPages × <see cref="PageSizeBytes"/> bytes at
/// 0x7f0000000000; <see cref="Accesses"/> accesses by <see cref="Initiator"/>; one <c>munmap</c>
/// (if <see cref="WorkloadOptions.UnmapAtEnd"/>). Total: Accesses + 1 + unmap records.
/// </para>
/// <para>
/// Each access draws a rank exactly (rejection-inversion, Hörmann and Derflinger 1996), maps it to a
/// page (rank 1 is page 0 unless <see cref="ShufflePages"/> scatters ranks over the footprint with a
/// seeded permutation), and touches <see cref="AccessSizeBytes"/> bytes at a uniformly drawn
/// access-size-aligned offset inside that page. It is a read with probability
/// <see cref="ReadFraction"/>, otherwise a write.
/// </para>
/// </remarks>
public sealed record ZipfOptions : WorkloadOptions
{
    internal const string Name = "zipf";

    internal const string Description =
        "Zipf-distributed page popularity over a footprint: a skewed hot set (exponent, footprint, shuffled or not).";

    /// <summary>Number of distinct pages accesses are drawn from. Default 65 536 (256 MiB at 4 KiB).</summary>
    public long FootprintPages { get; init; } = 65_536;

    /// <summary>Zipf exponent q ≥ 0: rank k has weight 1 / k^q; 0 is uniform, larger is more skewed. Default 0.99.</summary>
    public double Exponent { get; init; } = 0.99;

    /// <summary>Number of accesses. Default 1 000 000.</summary>
    public long Accesses { get; init; } = 1_000_000;

    /// <summary>Probability that an access is a read rather than a write, in [0, 1]. Default 0.8.</summary>
    public double ReadFraction { get; init; } = 0.8;

    /// <summary>Initiator that issues every access. Default <c>cpu0</c>.</summary>
    public string Initiator { get; init; } = "cpu0";

    /// <summary>
    /// Whether popularity ranks are scattered over the footprint by a seeded random permutation
    /// (true) or rank k is page k - 1, so the hot set is the start of the buffer (false). Default true.
    /// </summary>
    public bool ShufflePages { get; init; } = true;

    /// <summary>Bytes per access, dividing <see cref="PageSizeBytes"/>. Default 64.</summary>
    public long AccessSizeBytes { get; init; } = 64;

    /// <summary>Size of the popularity unit in bytes, a multiple of 4 KiB. Default 4096.</summary>
    public long PageSizeBytes { get; init; } = 4096;

    internal override string WorkloadName => Name;

    internal static IEnumerable<GeneratorOption> OptionList(ZipfOptions defaults)
    {
        yield return new GeneratorOption("footprint-pages", "number of distinct pages accesses are drawn from", defaults,
            static o => OptionValue.Show(((ZipfOptions)o).FootprintPages),
            static (o, v) => (ZipfOptions)o with { FootprintPages = OptionValue.Count(v, "footprint-pages") });
        yield return new GeneratorOption("exponent", "zipf exponent q >= 0 (rank k has weight 1/k^q; 0 = uniform)", defaults,
            static o => OptionValue.Show(((ZipfOptions)o).Exponent),
            static (o, v) => (ZipfOptions)o with { Exponent = OptionValue.Number(v, "exponent") });
        yield return new GeneratorOption("accesses", "number of accesses", defaults,
            static o => OptionValue.Show(((ZipfOptions)o).Accesses),
            static (o, v) => (ZipfOptions)o with { Accesses = OptionValue.Count(v, "accesses") });
        yield return new GeneratorOption("read-fraction", "probability that an access is a read (0..1)", defaults,
            static o => OptionValue.Show(((ZipfOptions)o).ReadFraction),
            static (o, v) => (ZipfOptions)o with { ReadFraction = OptionValue.Fraction(v, "read-fraction") });
        yield return new GeneratorOption("initiator", "initiator that issues the accesses (e.g. cpu0, gpu0)", defaults,
            static o => ((ZipfOptions)o).Initiator,
            static (o, v) => (ZipfOptions)o with { Initiator = OptionValue.Name(v, "initiator") });
        yield return new GeneratorOption("shuffle", "scatter popularity ranks over the footprint (false: hottest pages first)", defaults,
            static o => OptionValue.Show(((ZipfOptions)o).ShufflePages),
            static (o, v) => (ZipfOptions)o with { ShufflePages = OptionValue.Bool(v, "shuffle") });
        yield return new GeneratorOption("access-size", "bytes per access, dividing the page size", defaults,
            static o => OptionValue.ShowSize(((ZipfOptions)o).AccessSizeBytes),
            static (o, v) => (ZipfOptions)o with { AccessSizeBytes = OptionValue.Size(v, "access-size") });
        yield return new GeneratorOption("page-size", "size of the popularity unit, a multiple of 4KiB", defaults,
            static o => OptionValue.ShowSize(((ZipfOptions)o).PageSizeBytes),
            static (o, v) => (ZipfOptions)o with { PageSizeBytes = OptionValue.Size(v, "page-size") });
    }

    internal override long AccessCount() => Accesses;

    private protected override void Validate()
    {
        base.Validate();
        OptionValue.Require(FootprintPages is >= 1 and <= Limits.MaxFootprintPages, "footprint-pages", $"{FootprintPages} pages is out of range", "Give 1 to 2^28 pages");
        OptionValue.Require(double.IsFinite(Exponent) && Exponent >= 0, "exponent", $"{Exponent} is not a finite number ≥ 0", "Give an exponent such as 0.99");
        OptionValue.Require(Accesses is >= 0 and <= Limits.MaxAccesses, "accesses", $"{Accesses} is out of range", "Give 0 to 2^40 accesses");
        OptionValue.Require(double.IsFinite(ReadFraction) && ReadFraction is >= 0 and <= 1, "read-fraction", $"{ReadFraction} is not between 0 and 1", "Give a fraction such as 0.8");
        OptionValue.Name(Initiator ?? string.Empty, "initiator");
        Geometry.Validate(PageSizeBytes, AccessSizeBytes, FootprintPages);
    }

    internal override ITraceReader CreateTrace() => new ZipfTrace(this);
}
