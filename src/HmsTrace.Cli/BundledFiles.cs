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
        if (LooksLikeAFile(nameOrPath))
        {
            return nameOrPath;
        }

        if (Preset(nameOrPath) is { } preset)
        {
            return preset;
        }

        // Neither a file nor a preset: say which presets there are.
        var folder = Path.Combine(AppContext.BaseDirectory, "topologies");
        var names = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToList() : [];
        throw InputException.In(nameOrPath, "is neither a topology file nor a bundled preset", names.Count > 0 ? $"Give a .json file or one of the presets: {string.Join(", ", names)}" : "Give a .json topology file");
    }

    /// <summary>The bundled preset of that name (<c>two-tier</c>), or null when there is none or a file of that name exists.</summary>
    public static string? Preset(string name)
    {
        if (LooksLikeAFile(name))
        {
            return null;
        }

        var preset = Path.Combine(AppContext.BaseDirectory, "topologies", name + ".json");
        return File.Exists(preset) ? preset : null;
    }

    private static bool LooksLikeAFile(string name)
        => File.Exists(name) || Directory.Exists(name) || name.Contains('/', StringComparison.Ordinal) || name.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
}
