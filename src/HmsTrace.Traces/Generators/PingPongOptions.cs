namespace HmsTrace.Traces.Generators;

/// <summary>
/// Options of the <c>pingpong</c> workload: one process (pid 1) maps one buffer, then alternates
/// compute phases between the CPU and the GPU — "allocate, CPU compute, device compute, CPU
/// compute" — so a placement policy must move the buffer back and forth (or not) and ping-pong is
/// measured.
/// </summary>
/// <remarks>
/// <para>Initiators: <c>cpu0</c> (index 0) runs the even phases 0, 2, 4, ...; <c>gpu0</c> (index 1) the odd ones.</para>
/// <para>
/// Records, in order: one <c>mmap</c> of the buffer (rounded up to whole 4 KiB pages, at
/// 0x7f0000000000); then for each phase a <c>marker</c> whose argument is the phase index (if
/// <see cref="PhaseMarkers"/>) followed by <see cref="AccessesPerPhase"/> accesses that sweep the
/// buffer sequentially from its start in steps of <see cref="AccessSizeBytes"/>, wrapping at its
/// end, each a read with probability <see cref="ReadFraction"/> and otherwise a write; finally one
/// <c>munmap</c> (if <see cref="WorkloadOptions.UnmapAtEnd"/>). Total:
/// 1 + Phases × (AccessesPerPhase + markers) + unmap records.
/// </para>
/// </remarks>
public sealed record PingPongOptions : WorkloadOptions
{
    internal const string Name = "pingpong";

    internal const string Description =
        "One buffer used alternately by cpu0 and gpu0: allocate, CPU compute, device compute, CPU compute, ... (sequential sweeps).";

    /// <summary>Size of the one buffer in bytes. Default 64 MiB.</summary>
    public long BufferBytes { get; init; } = 64L << 20;

    /// <summary>Number of compute phases, alternating cpu0, gpu0, cpu0, ... Default 3.</summary>
    public int Phases { get; init; } = 3;

    /// <summary>Accesses in each phase. Default 100 000.</summary>
    public long AccessesPerPhase { get; init; } = 100_000;

    /// <summary>Bytes per access, at most <see cref="BufferBytes"/>. Default 64 (a cache line).</summary>
    public long AccessSizeBytes { get; init; } = 64;

    /// <summary>Probability that an access is a read rather than a write, in [0, 1]. Default 0.5.</summary>
    public double ReadFraction { get; init; } = 0.5;

    /// <summary>Whether each phase starts with a <c>marker</c> record whose argument is the phase index. Default true.</summary>
    public bool PhaseMarkers { get; init; } = true;

    internal override string WorkloadName => Name;

    internal static IEnumerable<GeneratorOption> OptionList(PingPongOptions defaults)
    {
        yield return new GeneratorOption("buffer-size", "size of the buffer (e.g. 64MiB)", defaults,
            static o => OptionValue.ShowSize(((PingPongOptions)o).BufferBytes),
            static (o, v) => (PingPongOptions)o with { BufferBytes = OptionValue.Size(v, "buffer-size") });
        yield return new GeneratorOption("phases", "number of compute phases, alternating cpu0, gpu0, cpu0, ...", defaults,
            static o => OptionValue.Show(((PingPongOptions)o).Phases),
            static (o, v) => (PingPongOptions)o with { Phases = (int)Math.Min(int.MaxValue, OptionValue.Count(v, "phases")) });
        yield return new GeneratorOption("accesses-per-phase", "accesses in each phase", defaults,
            static o => OptionValue.Show(((PingPongOptions)o).AccessesPerPhase),
            static (o, v) => (PingPongOptions)o with { AccessesPerPhase = OptionValue.Count(v, "accesses-per-phase") });
        yield return new GeneratorOption("access-size", "bytes per access (e.g. 64, 4KiB)", defaults,
            static o => OptionValue.ShowSize(((PingPongOptions)o).AccessSizeBytes),
            static (o, v) => (PingPongOptions)o with { AccessSizeBytes = OptionValue.Size(v, "access-size") });
        yield return new GeneratorOption("read-fraction", "probability that an access is a read (0..1)", defaults,
            static o => OptionValue.Show(((PingPongOptions)o).ReadFraction),
            static (o, v) => (PingPongOptions)o with { ReadFraction = OptionValue.Fraction(v, "read-fraction") });
        yield return new GeneratorOption("markers", "start each phase with a marker record (argument = phase index)", defaults,
            static o => OptionValue.Show(((PingPongOptions)o).PhaseMarkers),
            static (o, v) => (PingPongOptions)o with { PhaseMarkers = OptionValue.Bool(v, "markers") });
    }

    internal override long AccessCount() => AccessesPerPhase * Phases;

    private protected override void Validate()
    {
        base.Validate();
        OptionValue.Require(BufferBytes is >= 1 and <= Limits.MaxBufferBytes, "buffer-size", $"{BufferBytes} bytes is out of range", "Give 1 byte to 64 TiB");
        OptionValue.Require(Phases is >= 1 and <= 1_000_000, "phases", $"{Phases} phases is out of range", "Give 1 to 1000000 phases");
        OptionValue.Require(AccessesPerPhase is >= 0 and <= Limits.MaxAccesses, "accesses-per-phase", $"{AccessesPerPhase} is out of range", "Give 0 to 2^40 accesses");
        OptionValue.Require(AccessesPerPhase * Phases <= Limits.MaxAccesses, "accesses-per-phase", $"{Phases} phases × {AccessesPerPhase} accesses is more than 2^40", "Use fewer accesses");
        OptionValue.Require(AccessSizeBytes >= 1 && AccessSizeBytes <= BufferBytes, "access-size", $"{AccessSizeBytes} bytes does not fit the {BufferBytes}-byte buffer", "Give an access size from 1 byte up to the buffer size");
        OptionValue.Require(double.IsFinite(ReadFraction) && ReadFraction is >= 0 and <= 1, "read-fraction", $"{ReadFraction} is not between 0 and 1", "Give a fraction such as 0.5");
    }

    internal override ITraceReader CreateTrace() => new PingPongTrace(this);
}
