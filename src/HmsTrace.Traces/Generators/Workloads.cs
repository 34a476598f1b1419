namespace HmsTrace.Traces.Generators;

/// <summary>The built-in workload generators.</summary>
public static class Workloads
{
    /// <summary>Every workload, in the order <c>hmstrace trace gen --help</c> lists them.</summary>
    public static IReadOnlyList<Workload> All { get; } =
    [
        new Workload(PingPongOptions.Name, PingPongOptions.Description, new PingPongOptions(), PingPongOptions.OptionList(new PingPongOptions())),
        new Workload(ZipfOptions.Name, ZipfOptions.Description, new ZipfOptions(), ZipfOptions.OptionList(new ZipfOptions())),
        new Workload(StreamOptions.Name, StreamOptions.Description, new StreamOptions(), StreamOptions.OptionList(new StreamOptions())),
        new Workload(PhaseShiftOptions.Name, PhaseShiftOptions.Description, new PhaseShiftOptions(), PhaseShiftOptions.OptionList(new PhaseShiftOptions())),
        new Workload(MultiTenantOptions.Name, MultiTenantOptions.Description, new MultiTenantOptions(), MultiTenantOptions.OptionList(new MultiTenantOptions())),
    ];

    /// <summary>Finds a workload by name (case-insensitive), or returns null.</summary>
    public static Workload? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var workload in All)
        {
            if (string.Equals(workload.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return workload;
            }
        }

        return null;
    }
}
