using System.Globalization;
using System.Text.Json;
using HmsTrace.Units;

namespace HmsTrace.Topology;

/// <summary>
/// Reads a topology from JSON (docs/topology.md) and validates it. Every error names the file and
/// the JSON path of the offending element and says what to do.
/// </summary>
public static class TopologyLoader
{
    /// <summary>Object versions this HmsTrace engine understands.</summary>
    public static IReadOnlyList<int> EngineVersions { get; } = [1];

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 16,
    };

    /// <summary>Loads and validates <paramref name="path"/>; throws <see cref="InputException"/> for any mistake.</summary>
    public static MachineTopology Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            throw InputException.In(path, "is a directory, not a topology file", "Give a .json topology; presets are in topologies/");
        }

        if (!File.Exists(path))
        {
            throw InputException.In(path, "no such file", "Give a .json topology; presets are in topologies/");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw InputException.In(path, $"cannot be read: {e.Message}", "Check the file's permissions", e);
        }

        return Parse(bytes, path);
    }

    /// <summary>Parses and validates topology JSON; <paramref name="source"/> names it in messages.</summary>
    public static MachineTopology Parse(ReadOnlyMemory<byte> json, string source)
    {
        // A UTF-8 byte order mark (editors on Windows write one) is not JSON, but not an error either.
        if (json.Span.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }

        // The reader checks UTF-8 only when a string is read, and then throws without a position.
        var invalid = FirstInvalidUtf8(json.Span);
        if (invalid >= 0)
        {
            throw InputException.AtOffset(source, invalid, "is not valid UTF-8 text", "Save the file as UTF-8");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            // The reader's own message ends with its 0-based position, which would contradict the 1-based line.
            var problem = e.Message;
            var position = problem.IndexOf(" LineNumber:", StringComparison.Ordinal);
            problem = position > 0 ? problem[..position].TrimEnd() : problem;
            throw InputException.AtLine(source, (e.LineNumber ?? 0) + 1, $"column {(e.BytePositionInLine ?? 0) + 1}: is not valid JSON: {problem}", "Fix the JSON syntax", e);
        }

        using (doc)
        {
            try
            {
                var topology = Read(doc.RootElement);
                topology.Bind(EngineVersions);
                return topology;
            }
            catch (TopologyException e)
            {
                throw InputException.In(source, e.Message, "See docs/topology.md", e);
            }
            catch (InvalidOperationException e) when (e.TargetSite?.DeclaringType?.Assembly == typeof(JsonDocument).Assembly)
            {
                // GetString of an escape that is not a whole character ("\ud800").
                throw InputException.In(source, $"a string is not valid Unicode text (a lone surrogate escape like \\ud800?): {e.Message}", "Write whole characters in strings", e);
            }
        }
    }

    private static MachineTopology Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new TopologyException("$", "the topology must be a JSON object");
        }

        var name = OptionalString(root, "name", "$") ?? "unnamed";
        var pageSize = OptionalSize(root, "pageSize", "$") ?? 4096;
        if (pageSize <= 0 || (pageSize & (pageSize - 1)) != 0)
        {
            throw new TopologyException("$.pageSize", $"page size {pageSize} is not a positive power of two");
        }

        long requestOverhead = 0;
        long pageOverhead = 0;
        if (root.TryGetProperty("migration", out var migration))
        {
            requestOverhead = OptionalNs(migration, "requestOverheadNs", "$.migration") ?? 0;
            pageOverhead = OptionalNs(migration, "pageOverheadNs", "$.migration") ?? 0;
        }

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var targets = new List<Target>();
        foreach (var (e, p) in Array(root, "targets", "$", required: true))
        {
            var id = Id(e, p, "target", ids);
            var n = Name(e, p, names);
            var kind = Kind<TargetKind>(e, p);
            var capacity = OptionalSize(e, "capacity", p) ?? throw new TopologyException($"{p}.capacity", "capacity is missing; write it like \"16GiB\"");
            if (capacity <= 0)
            {
                throw new TopologyException($"{p}.capacity", "capacity must be positive");
            }

            var node = e.TryGetProperty("node", out var nodeElement) ? Int(nodeElement, $"{p}.node") : targets.Count;
            var quota = OptionalSize(e, "quotaPerProcess", p);
            if (quota is <= 0)
            {
                throw new TopologyException($"{p}.quotaPerProcess", "a quota must be positive; leave it out for no quota");
            }

            List<uint>? allowed = null;
            if (e.TryGetProperty("allowedProcesses", out var allow))
            {
                allowed = [];
                foreach (var (pe, pp) in Items(allow, $"{p}.allowedProcesses"))
                {
                    var pid = Int(pe, pp);
                    allowed.Add(pid >= 0 ? (uint)pid : throw new TopologyException(pp, "a process id cannot be negative"));
                }
            }

            targets.Add(new Target(id, n, kind, capacity, node, quota, allowed));
        }

        var initiators = new List<Initiator>();
        foreach (var (e, p) in Array(root, "initiators", "$", required: true))
        {
            var id = Id(e, p, "initiator", ids);
            var n = Name(e, p, names);
            var kind = Kind<InitiatorKind>(e, p);
            initiators.Add(new Initiator(id, n, kind, OptionalString(e, "cpus", p), OptionalString(e, "busId", p)));
        }

        if (targets.Count == 0)
        {
            throw new TopologyException("$.targets", "there must be at least one target");
        }

        if (initiators.Count == 0)
        {
            throw new TopologyException("$.initiators", "there must be at least one initiator");
        }

        var bridges = new List<Bridge>();
        var bridgePaths = new List<string>();
        foreach (var (e, p) in Array(root, "bridges", "$", required: false))
        {
            var id = Id(e, p, "bridge", ids);
            var n = Name(e, p, names);
            var latency = OptionalNs(e, "latencyNs", p) ?? 0;
            var bw = Bandwidth(e, "bandwidth", p);
            var allowed = new List<string>();
            if (e.TryGetProperty("initiators", out var list))
            {
                foreach (var (ie, ip) in Items(list, $"{p}.initiators"))
                {
                    var s = ie.ValueKind == JsonValueKind.String ? ie.GetString()! : throw new TopologyException(ip, "expected an initiator name");
                    if (!initiators.Exists(x => x.Name == s))
                    {
                        throw new TopologyException(ip, $"'{s}' is not an initiator");
                    }

                    allowed.Add(s);
                }
            }

            bridges.Add(new Bridge(id, n, latency, bw, allowed));
            bridgePaths.Add(p);
        }

        var links = new List<Link>();
        var pairs = new HashSet<(string, string)>();
        foreach (var (e, p) in Array(root, "links", "$", required: true))
        {
            var id = Id(e, p, "link", ids);
            var from = Endpoint(e, "from", p, names);
            var to = Endpoint(e, "to", p, names);
            if (from == to)
            {
                throw new TopologyException($"{p}.to", "a link cannot connect a vertex to itself");
            }

            if (names[from] == "target" && names[to] == "target")
            {
                throw new TopologyException(p, "a link between two targets is not allowed: memory does not route; connect both to an initiator or a bridge");
            }

            var key = string.CompareOrdinal(from, to) < 0 ? (from, to) : (to, from);
            if (!pairs.Add(key))
            {
                throw new TopologyException(p, $"a second link between '{from}' and '{to}' makes paths ambiguous; merge them into one");
            }

            var (readLatency, writeLatency) = ReadWrite(e, "latencyNs", p, ns: true);
            var (readBw, writeBw) = ReadWrite(e, "bandwidth", p, ns: false);
            links.Add(new Link(id, from, to, readLatency, writeLatency, readBw, writeBw));
        }

        return new MachineTopology(name, pageSize, requestOverhead, pageOverhead, targets, initiators, links, bridges);
    }

    private static IEnumerable<(JsonElement Element, string Path)> Array(JsonElement parent, string property, string path, bool required)
    {
        if (!parent.TryGetProperty(property, out var array))
        {
            if (required)
            {
                throw new TopologyException($"{path}.{property}", $"'{property}' is missing");
            }

            return [];
        }

        return Items(array, $"{path}.{property}");
    }

    private static List<(JsonElement, string)> Items(JsonElement array, string path)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new TopologyException(path, "expected an array");
        }

        var list = new List<(JsonElement, string)>();
        var i = 0;
        foreach (var e in array.EnumerateArray())
        {
            list.Add((e, string.Create(CultureInfo.InvariantCulture, $"{path}[{i++}]")));
        }

        return list;
    }

    private static ObjectId Id(JsonElement e, string path, string type, Dictionary<string, string> ids)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new TopologyException(path, "expected an object");
        }

        var text = OptionalString(e, "id", path) ?? throw new TopologyException($"{path}.id", $"'id' is missing; write it like \"v1-0-{type}\"");
        if (!ObjectId.TryParse(text, out var id) || id.Type != type)
        {
            throw new TopologyException($"{path}.id", $"'{text}' is not a versioned {type} id like \"v1-0-{type}\"");
        }

        if (!ids.TryAdd(text, path))
        {
            throw new TopologyException($"{path}.id", $"duplicate id '{text}' (first used at {ids[text]})");
        }

        return id;
    }

    private static string Name(JsonElement e, string path, Dictionary<string, string> names)
    {
        var name = OptionalString(e, "name", path) ?? throw new TopologyException($"{path}.name", "'name' is missing");
        if (name.Length == 0)
        {
            throw new TopologyException($"{path}.name", "the name is empty");
        }

        var kind = path.StartsWith("$.targets", StringComparison.Ordinal) ? "target"
            : path.StartsWith("$.initiators", StringComparison.Ordinal) ? "initiator" : "bridge";
        if (!names.TryAdd(name, kind))
        {
            throw new TopologyException($"{path}.name", $"duplicate name '{name}': targets, initiators and bridges share one namespace");
        }

        return name;
    }

    private static string Endpoint(JsonElement e, string property, string path, Dictionary<string, string> names)
    {
        var name = OptionalString(e, property, path) ?? throw new TopologyException($"{path}.{property}", $"'{property}' is missing");
        return names.ContainsKey(name) ? name : throw new TopologyException($"{path}.{property}", $"'{name}' is not a target, initiator or bridge (dangling reference)");
    }

    private static T Kind<T>(JsonElement e, string path)
        where T : struct, Enum
    {
        var text = OptionalString(e, "kind", path) ?? throw new TopologyException($"{path}.kind", "'kind' is missing");
        if (Enum.TryParse<T>(text, ignoreCase: true, out var kind) && !int.TryParse(text, CultureInfo.InvariantCulture, out _))
        {
            return kind;
        }

        throw new TopologyException($"{path}.kind", $"unknown kind '{text}'; use one of {string.Join(", ", Enum.GetNames<T>()).ToLowerInvariant()}");
    }

    /// <summary>The byte offset of the first byte that is not part of valid UTF-8, or -1.</summary>
    private static long FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return -1;
    }

    private static string? OptionalString(JsonElement e, string property, string path)
    {
        if (!e.TryGetProperty(property, out var v))
        {
            return null;
        }

        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw new TopologyException($"{path}.{property}", "expected a string");
    }

    private static int Int(JsonElement e, string path)
        => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var v) ? v : throw new TopologyException(path, "expected an integer");

    private static long? OptionalSize(JsonElement e, string property, string path)
    {
        if (!e.TryGetProperty(property, out var v))
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.Number)
        {
            return v.TryGetInt64(out var n) && n >= 0 ? n : throw new TopologyException($"{path}.{property}", "must be a non-negative whole number of bytes");
        }

        if (v.ValueKind == JsonValueKind.String && ByteSize.TryParse(v.GetString(), out var bytes))
        {
            return bytes;
        }

        throw new TopologyException($"{path}.{property}", $"'{v}' is not a size; write it like \"16GiB\" or 4096");
    }

    private static long? OptionalNs(JsonElement e, string property, string path)
    {
        if (!e.TryGetProperty(property, out var v))
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var n) || n < 0)
        {
            throw new TopologyException($"{path}.{property}", "must be a non-negative whole number of nanoseconds");
        }

        return AtMostMaxNs(n, $"{path}.{property}");
    }

    // Costs add up per page and per access in 64 bits: a latency or overhead beyond a second is no
    // memory's, and far larger ones wrapped the totals around (a larger overhead gave a smaller time).
    private static long AtMostMaxNs(long n, string path)
        => n <= MaxNs ? n : throw new TopologyException(path, $"{n} ns is more than the {MaxNs} ns (1 s) a latency or overhead may be");

    /// <summary>The largest latency or migration overhead a topology may give, in ns (1 s).</summary>
    public const long MaxNs = 1_000_000_000;

    private static long Bandwidth(JsonElement e, string property, string path)
    {
        if (!e.TryGetProperty(property, out var v))
        {
            throw new TopologyException($"{path}.{property}", $"'{property}' is missing; write it like \"32GB/s\"");
        }

        return BandwidthValue(v, $"{path}.{property}");
    }

    private static long BandwidthValue(JsonElement v, string path)
    {
        long bw;
        if (v.ValueKind == JsonValueKind.Number)
        {
            bw = v.TryGetInt64(out var n) ? n : -1;
        }
        else if (v.ValueKind == JsonValueKind.String)
        {
            var s = v.GetString()!;
            if (s.EndsWith("/s", StringComparison.Ordinal))
            {
                s = s[..^2];
            }

            bw = ByteSize.TryParse(s, out var b) ? b : -1;
        }
        else
        {
            bw = -1;
        }

        return bw > 0 ? bw : throw new TopologyException(path, $"bandwidth '{v}' must be positive, in bytes per second, written like \"32GB/s\" or \"25GiB/s\"");
    }

    private static (long Read, long Write) ReadWrite(JsonElement e, string property, string path, bool ns)
    {
        if (!e.TryGetProperty(property, out var v))
        {
            throw new TopologyException($"{path}.{property}", $"'{property}' is missing");
        }

        var p = $"{path}.{property}";
        if (v.ValueKind == JsonValueKind.Object)
        {
            if (!v.TryGetProperty("read", out var r) || !v.TryGetProperty("write", out var w))
            {
                throw new TopologyException(p, "give both \"read\" and \"write\"");
            }

            return ns ? (NsValue(r, $"{p}.read"), NsValue(w, $"{p}.write")) : (BandwidthValue(r, $"{p}.read"), BandwidthValue(w, $"{p}.write"));
        }

        var one = ns ? NsValue(v, p) : BandwidthValue(v, p);
        return (one, one);
    }

    private static long NsValue(JsonElement v, string path)
        => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n >= 0
            ? AtMostMaxNs(n, path)
            : throw new TopologyException(path, "latency must be a non-negative whole number of nanoseconds");
}
