namespace HmsTrace.Cli;

/// <summary>The samples bundled with the tool (copied next to it at build time).</summary>
public static class BundledFiles
{
    /// <summary>The sample trace <c>hmstrace replay</c> uses by default.</summary>
    public static string DefaultTrace => Path.Combine(AppContext.BaseDirectory, "traces", "pingpong.hmst.gz");

    /// <summary>The topology <c>hmstrace replay</c> uses by default.</summary>
    public static string DefaultTopology => Path.Combine(AppContext.BaseDirectory, "topologies", "cpu-gpu-pcie.json");

    /// <summary>Resolves a topology argument: a file path, or the name of a bundled preset (<c>two-tier</c>).</summary>
    public static string Topology(string nameOrPath)
    {
        if (File.Exists(nameOrPath) || Directory.Exists(nameOrPath) || nameOrPath.Contains('/', StringComparison.Ordinal) || nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return nameOrPath;
        }

        var preset = Path.Combine(AppContext.BaseDirectory, "topologies", nameOrPath + ".json");
        return File.Exists(preset) ? preset : nameOrPath;
    }
}
