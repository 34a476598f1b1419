using HmsTrace.Engine.Policies;

namespace HmsTrace.Scripting;

/// <summary>How <see cref="PolicyScriptLoader"/> compiles, caches and meters scripts. Immutable.</summary>
public sealed record PolicyLoaderOptions
{
    /// <summary>Environment variable that overrides the default cache folder.</summary>
    public const string CacheDirectoryVariable = "HMSTRACE_POLICY_CACHE";

    /// <summary>
    /// Folder for compiled policies, keyed by content hash. Default: <c>$HMSTRACE_POLICY_CACHE</c>,
    /// else <c>$XDG_CACHE_HOME/hmstrace/policies</c>, else <c>~/.cache/hmstrace/policies</c>.
    /// </summary>
    public string CacheDirectory { get; init; } = DefaultCacheDirectory();

    /// <summary>Whether to read and write the on-disk cache. Default true.</summary>
    public bool UseCache { get; init; } = true;

    /// <summary>Fuel, depth and array bounds the loaded policies run under.</summary>
    public FuelBudget Budget { get; init; } = new();

    /// <summary>The default cache folder (see <see cref="CacheDirectory"/>).</summary>
    public static string DefaultCacheDirectory()
    {
        var explicitDirectory = Environment.GetEnvironmentVariable(CacheDirectoryVariable);
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
        {
            return explicitDirectory;
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = !string.IsNullOrWhiteSpace(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "hmstrace", "policies");
    }
}
