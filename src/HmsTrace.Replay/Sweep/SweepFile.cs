using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HmsTrace.Replay.Sweep;

/// <summary>
/// A sweep file (YAML, or JSON, which YAML reads too) as written: inputs are still patterns, resolved
/// against <see cref="Folder"/> by the command line. Keys (all optional):
/// <code>
/// traces: [traces/*.hmst, more/]            # files, folders, globs
/// topologies: [two-tier]                    # files, folders, globs or bundled preset names
/// policies:                                 # names or script files; a policy may fix parameters
///   - lru
///   - { name: migrate-on-fault, params: { chunk_pages: 64 } }
/// params: { threshold: [2, 4, 8] }          # policy parameter grid (a target name: capacity axis)
/// capacity: { fast: [10%, 25%, 1GiB] }      # capacity grid: sizes or % of the trace's footprint
/// epoch: 10ms                               # as --epoch
/// seed: 1
/// on-policy-fault: fail                     # or fallback
/// from: lackey                              # trace format, when not detected
/// initiator: cpu0
/// out: results
/// </code>
/// Immutable.
/// </summary>
public sealed record SweepFile
{
    /// <summary>The folder relative paths in the file are resolved against.</summary>
    public required string Folder { get; init; }

    /// <summary>The file's path as given, for messages.</summary>
    public string FilePath { get; init; } = "";

    /// <summary>Trace patterns.</summary>
    public IReadOnlyList<string> Traces { get; init; } = [];

    /// <summary>Topology patterns or preset names.</summary>
    public IReadOnlyList<string> Topologies { get; init; } = [];

    /// <summary>Policies: name or script, with fixed parameters.</summary>
    public IReadOnlyList<(string Name, IReadOnlyDictionary<string, string> Parameters)> Policies { get; init; } = [];

    /// <summary>Parameter axes.</summary>
    public IReadOnlyList<SweepAxis> Parameters { get; init; } = [];

    /// <summary>Capacity axes.</summary>
    public IReadOnlyList<SweepAxis> Capacities { get; init; } = [];

    /// <summary>Scalar settings by key (<c>epoch</c>, <c>seed</c>, <c>on-policy-fault</c>, <c>from</c>, <c>initiator</c>, <c>out</c>).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>The 1-based line of each scalar setting, for messages about its value.</summary>
    public IReadOnlyDictionary<string, long> SettingLines { get; init; } = new Dictionary<string, long>();

    private static readonly string[] ScalarKeys = ["epoch", "seed", "max-regions", "on-policy-fault", "from", "initiator", "out"];

    /// <summary>Reads a sweep file; throws <see cref="InputException"/> naming the file and line of anything malformed.</summary>
    public static SweepFile Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw InputException.In(path, "sweep file not found");
        }

        var stream = new YamlStream();
        try
        {
            using var text = File.OpenText(path);
            stream.Load(text);
        }
        catch (YamlException e)
        {
            throw InputException.AtLine(path, e.Start.Line, $"is not valid YAML or JSON: {e.Message}", null, e);
        }

        var file = new SweepFile { Folder = Path.GetDirectoryName(Path.GetFullPath(path))!, FilePath = path };
        if (stream.Documents.Count == 0)
        {
            return file;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw InputException.AtLine(path, stream.Documents[0].RootNode.Start.Line, "a sweep file is a mapping (traces:, policies:, params:, ...)");
        }

        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in root.Children)
        {
            var key = Scalar(path, keyNode);
            switch (key)
            {
                case "traces":
                    file = file with { Traces = List(path, value) };
                    break;
                case "topologies":
                    file = file with { Topologies = List(path, value) };
                    break;
                case "policies":
                    file = file with { Policies = PolicyList(path, value) };
                    break;
                case "params":
                case "parameters":
                    file = file with { Parameters = Axes(path, value) };
                    break;
                case "capacity":
                case "capacities":
                    file = file with { Capacities = Axes(path, value) };
                    break;
                default:
                    if (Array.IndexOf(ScalarKeys, key) < 0)
                    {
                        throw InputException.AtLine(path, keyNode.Start.Line, $"unknown key '{key}'", "Use traces, topologies, policies, params, capacity, epoch, seed, max-regions, on-policy-fault, from, initiator or out");
                    }

                    settings[key] = Scalar(path, value);
                    lines[key] = value.Start.Line;
                    break;
            }
        }

        return file with { Settings = settings, SettingLines = lines };
    }

    private static List<(string, IReadOnlyDictionary<string, string>)> PolicyList(string path, YamlNode node)
    {
        var result = new List<(string, IReadOnlyDictionary<string, string>)>();
        foreach (var item in Items(node))
        {
            if (item is YamlScalarNode)
            {
                result.Add((Scalar(path, item), new Dictionary<string, string>(StringComparer.Ordinal)));
                continue;
            }

            if (item is not YamlMappingNode map)
            {
                throw InputException.AtLine(path, item.Start.Line, "a policy is a name or { name: ..., params: { ... } }");
            }

            string? name = null;
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (k, v) in map.Children)
            {
                switch (Scalar(path, k))
                {
                    case "name":
                        name = Scalar(path, v);
                        break;
                    case "params":
                    case "parameters":
                        if (v is not YamlMappingNode ps)
                        {
                            throw InputException.AtLine(path, v.Start.Line, "params is a mapping of name: value");
                        }

                        foreach (var (pk, pv) in ps.Children)
                        {
                            parameters[Scalar(path, pk)] = Scalar(path, pv);
                        }

                        break;
                    default:
                        throw InputException.AtLine(path, k.Start.Line, $"unknown policy key '{Scalar(path, k)}'", "Use name and params");
                }
            }

            result.Add((name ?? throw InputException.AtLine(path, map.Start.Line, "policy without a name"), parameters));
        }

        return result;
    }

    private static List<SweepAxis> Axes(string path, YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            throw InputException.AtLine(path, node.Start.Line, "a grid is a mapping of name: [values]");
        }

        var axes = new List<SweepAxis>();
        foreach (var (k, v) in map.Children)
        {
            axes.Add(new SweepAxis(Scalar(path, k), List(path, v)));
        }

        return axes;
    }

    private static List<string> List(string path, YamlNode node)
    {
        var result = new List<string>();
        foreach (var item in Items(node))
        {
            result.Add(Scalar(path, item));
        }

        return result;
    }

    private static IEnumerable<YamlNode> Items(YamlNode node) => node is YamlSequenceNode seq ? seq.Children : [node];

    private static string Scalar(string path, YamlNode node) => node is YamlScalarNode { Value: { } v }
        ? v
        : throw InputException.AtLine(path, node.Start.Line, "expected a single value here");
}
