namespace HmsTrace.Traces.Generators;

/// <summary>
/// What every generated workload has: a seed, a virtual clock and whether buffers are unmapped at
/// the end. Each workload derives its own sealed options record (<see cref="ZipfOptions"/>,
/// <see cref="PingPongOptions"/>, ...); only this assembly can add workloads.
/// </summary>
/// <remarks>
/// Immutable: change values with <c>with</c> expressions. Values are checked when a trace is
/// opened (<see cref="TraceGenerator.Open"/>), where a bad one throws an
/// <see cref="InputException"/> naming the option (for example <c>--footprint-pages</c>).
/// </remarks>
public abstract record WorkloadOptions
{
    private protected WorkloadOptions()
    {
    }

    /// <summary>
    /// Seed of the pseudo-random generator (xoshiro256** seeded through SplitMix64). The same seed and
    /// options give the same records, hence the same file bytes, on every machine. Default 1.
    /// </summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>
    /// Virtual time between two accesses, in nanoseconds. A record's <see cref="TraceRecord.TimeNs"/>
    /// is the number of accesses before it times this value, so the first access is at 0 and
    /// <c>mmap</c>, <c>munmap</c> and marker records share the time of the next access. Default 10.
    /// </summary>
    public long AccessIntervalNs { get; init; } = 10;

    /// <summary>Whether every buffer gets a <c>munmap</c> record after the last access. Default true.</summary>
    public bool UnmapAtEnd { get; init; } = true;

    /// <summary>The workload name these options are for (as listed by <see cref="Workloads.All"/>).</summary>
    internal abstract string WorkloadName { get; }

    /// <summary>
    /// Throws an <see cref="InputException"/> naming the option (<c>--name</c>) of the first bad
    /// value, including a virtual clock that would overflow.
    /// </summary>
    internal void Check()
    {
        Validate();
        var accesses = AccessCount();
        OptionValue.Require(
            AccessIntervalNs == 0 || accesses <= long.MaxValue / AccessIntervalNs,
            "access-interval",
            $"{accesses} accesses × {AccessIntervalNs} ns overflows the 64-bit clock",
            "Use a shorter interval or fewer accesses");
    }

    /// <summary>Number of accesses the options generate (valid options only).</summary>
    internal abstract long AccessCount();

    /// <summary>Checks this record's own values; derived records call the base first.</summary>
    private protected virtual void Validate()
    {
        OptionValue.Require(AccessIntervalNs >= 0, "access-interval", $"{AccessIntervalNs} ns is negative", "Give a duration ≥ 0, e.g. 10ns");
    }

    /// <summary>Creates the streaming generator; options are already validated.</summary>
    internal abstract ITraceReader CreateTrace();

    /// <summary>The options every workload has, for the option list of a concrete workload.</summary>
    internal static IEnumerable<GeneratorOption> CommonOptions(WorkloadOptions defaults)
    {
        yield return new GeneratorOption(
            "seed",
            "seed of the pseudo-random generator (same seed and options => same trace)",
            defaults,
            static o => OptionValue.Show(o.Seed),
            static (o, v) => o with { Seed = OptionValue.Seed(v, "seed") });
        yield return new GeneratorOption(
            "access-interval",
            "virtual time between two accesses (e.g. 10ns, 1us; a bare number is ns)",
            defaults,
            static o => OptionValue.ShowNs(o.AccessIntervalNs),
            static (o, v) => o with { AccessIntervalNs = OptionValue.DurationNs(v, "access-interval") });
        yield return new GeneratorOption(
            "unmap",
            "emit a munmap record for every buffer after the last access (true/false)",
            defaults,
            static o => OptionValue.Show(o.UnmapAtEnd),
            static (o, v) => o with { UnmapAtEnd = OptionValue.Bool(v, "unmap") });
    }
}
