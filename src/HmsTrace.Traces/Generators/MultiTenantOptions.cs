namespace HmsTrace.Traces.Generators;

/// <summary>
/// Options of the <c>multi-tenant</c> workload: <see cref="Tenants"/> processes (pids 1..n), each
/// with its own buffer, take turns using the CPU (<c>cpu0</c>) and the GPU (<c>gpu0</c>) and so
/// contend for one scarce device memory — the case for per-process quotas and allow-lists.
/// </summary>
/// <remarks>
/// <para>
/// Tenant t (pid t + 1) maps one buffer of WorkingSetBytes[t mod count] rounded up to whole pages of
/// <see cref="PageSizeBytes"/>, at 0x7f0000000000 in its own address space. Tenants run round-robin
/// in slices of <see cref="SliceAccesses"/> accesses (tenant 1 first). Each access is issued by
/// <c>gpu0</c> with probability <see cref="GpuFraction"/>, else by <c>cpu0</c>; picks a page of the
/// tenant's buffer by rank with a zipf law of <see cref="Exponent"/> (0 = uniform; rank 1 = the
/// buffer's first page) and a uniformly drawn access-size-aligned offset inside it; and is a read
/// with probability <see cref="ReadFraction"/>.
/// </para>
/// <para>
/// Records: one <c>mmap</c> per tenant (by <c>cpu0</c>, in pid order), <see cref="Accesses"/>
/// accesses, one <c>munmap</c> per tenant (if <see cref="WorkloadOptions.UnmapAtEnd"/>). Total:
/// Tenants + Accesses + Tenants unmap records. Initiator table: <c>cpu0</c>, <c>gpu0</c>.
/// </para>
/// </remarks>
public sealed record MultiTenantOptions : WorkloadOptions
{
    internal const string Name = "multi-tenant";

    internal const string Description =
        "Several processes (pids 1..n), each with its own working set, share cpu0 and gpu0 round-robin and contend for device memory.";

    /// <summary>Number of tenant processes, pids 1..Tenants. Default 4.</summary>
    public int Tenants { get; init; } = 4;

    /// <summary>
    /// Working-set size of each tenant in bytes, cycled when shorter than <see cref="Tenants"/>
    /// (one value gives every tenant the same size). Default 64 MiB, 32 MiB, 16 MiB, 8 MiB.
    /// </summary>
    public IReadOnlyList<long> WorkingSetBytes { get; init; } = [64L << 20, 32L << 20, 16L << 20, 8L << 20];

    /// <summary>Total number of accesses over all tenants. Default 1 000 000.</summary>
    public long Accesses { get; init; } = 1_000_000;

    /// <summary>Accesses a tenant makes before the next one runs. Default 10 000.</summary>
    public long SliceAccesses { get; init; } = 10_000;

    /// <summary>Probability that an access is issued by <c>gpu0</c> rather than <c>cpu0</c>, in [0, 1]. Default 0.75.</summary>
    public double GpuFraction { get; init; } = 0.75;

    /// <summary>Zipf exponent of page popularity inside each working set; 0 (default) is uniform.</summary>
    public double Exponent { get; init; }

    /// <summary>Probability that an access is a read rather than a write, in [0, 1]. Default 0.8.</summary>
    public double ReadFraction { get; init; } = 0.8;

    /// <summary>Bytes per access, dividing <see cref="PageSizeBytes"/>. Default 64.</summary>
    public long AccessSizeBytes { get; init; } = 64;

    /// <summary>Size of a page of a working set in bytes, a multiple of 4 KiB. Default 4096.</summary>
    public long PageSizeBytes { get; init; } = 4096;

    internal override string WorkloadName => Name;

    internal static IEnumerable<GeneratorOption> OptionList(MultiTenantOptions defaults)
    {
        yield return new GeneratorOption("tenants", "number of tenant processes (pids 1..n)", defaults,
            static o => OptionValue.Show(((MultiTenantOptions)o).Tenants),
            static (o, v) => (MultiTenantOptions)o with { Tenants = (int)Math.Min(int.MaxValue, OptionValue.Count(v, "tenants")) });
        yield return new GeneratorOption("working-sets", "comma-separated working-set sizes, cycled over the tenants (e.g. 64MiB,8MiB)", defaults,
            static o => OptionValue.ShowSizes(((MultiTenantOptions)o).WorkingSetBytes),
            static (o, v) => (MultiTenantOptions)o with { WorkingSetBytes = OptionValue.Sizes(v, "working-sets") });
        yield return new GeneratorOption("accesses", "total number of accesses over all tenants", defaults,
            static o => OptionValue.Show(((MultiTenantOptions)o).Accesses),
            static (o, v) => (MultiTenantOptions)o with { Accesses = OptionValue.Count(v, "accesses") });
        yield return new GeneratorOption("slice", "accesses a tenant makes before the next tenant runs", defaults,
            static o => OptionValue.Show(((MultiTenantOptions)o).SliceAccesses),
            static (o, v) => (MultiTenantOptions)o with { SliceAccesses = OptionValue.Count(v, "slice") });
        yield return new GeneratorOption("gpu-fraction", "probability that an access is issued by gpu0 (else cpu0)", defaults,
            static o => OptionValue.Show(((MultiTenantOptions)o).GpuFraction),
            static (o, v) => (MultiTenantOptions)o with { GpuFraction = OptionValue.Fraction(v, "gpu-fraction") });
        yield return new GeneratorOption("exponent", "zipf exponent of page popularity in each working set (0 = uniform)", defaults,
            static o => OptionValue.Show(((MultiTenantOptions)o).Exponent),
            static (o, v) => (MultiTenantOptions)o with { Exponent = OptionValue.Number(v, "exponent") });
        yield return new GeneratorOption("read-fraction", "probability that an access is a read (0..1)", defaults,
            static o => OptionValue.Show(((MultiTenantOptions)o).ReadFraction),
            static (o, v) => (MultiTenantOptions)o with { ReadFraction = OptionValue.Fraction(v, "read-fraction") });
        yield return new GeneratorOption("access-size", "bytes per access, dividing the page size", defaults,
            static o => OptionValue.ShowSize(((MultiTenantOptions)o).AccessSizeBytes),
            static (o, v) => (MultiTenantOptions)o with { AccessSizeBytes = OptionValue.Size(v, "access-size") });
        yield return new GeneratorOption("page-size", "size of a page, a multiple of 4KiB", defaults,
            static o => OptionValue.ShowSize(((MultiTenantOptions)o).PageSizeBytes),
            static (o, v) => (MultiTenantOptions)o with { PageSizeBytes = OptionValue.Size(v, "page-size") });
    }

    internal override long AccessCount() => Accesses;

    private protected override void Validate()
    {
        base.Validate();
        OptionValue.Require(Tenants is >= 1 and <= 65_536, "tenants", $"{Tenants} tenants is out of range", "Give 1 to 65536 tenants");
        OptionValue.Require(WorkingSetBytes is { Count: > 0 }, "working-sets", "no working-set size is given", "Give at least one size, e.g. 64MiB");
        Geometry.Validate(PageSizeBytes, AccessSizeBytes, 1);
        foreach (var bytes in WorkingSetBytes)
        {
            OptionValue.Require(bytes is >= 1 and <= Limits.MaxBufferBytes, "working-sets", $"{bytes} bytes is out of range", "Give sizes from 1 byte to 64 TiB");
            OptionValue.Require((bytes + PageSizeBytes - 1) / PageSizeBytes <= Limits.MaxFootprintPages, "working-sets", $"{bytes} bytes is more than 2^28 pages", "Use a smaller working set or larger pages");
        }

        OptionValue.Require(Accesses is >= 0 and <= Limits.MaxAccesses, "accesses", $"{Accesses} is out of range", "Give 0 to 2^40 accesses");
        OptionValue.Require(SliceAccesses >= 1, "slice", $"{SliceAccesses} is not positive", "Give a number of accesses ≥ 1");
        OptionValue.Require(double.IsFinite(GpuFraction) && GpuFraction is >= 0 and <= 1, "gpu-fraction", $"{GpuFraction} is not between 0 and 1", "Give a fraction such as 0.75");
        OptionValue.Require(double.IsFinite(Exponent) && Exponent >= 0, "exponent", $"{Exponent} is not a finite number ≥ 0", "Give 0 for uniform or e.g. 0.9");
        OptionValue.Require(double.IsFinite(ReadFraction) && ReadFraction is >= 0 and <= 1, "read-fraction", $"{ReadFraction} is not between 0 and 1", "Give a fraction such as 0.8");
    }

    internal override ITraceReader CreateTrace() => new MultiTenantTrace(this);

    /// <summary>Pages of tenant <paramref name="tenant"/>'s working set (rounded up).</summary>
    internal long PagesOf(int tenant)
    {
        var bytes = WorkingSetBytes[tenant % WorkingSetBytes.Count];
        return (bytes + PageSizeBytes - 1) / PageSizeBytes;
    }
}
