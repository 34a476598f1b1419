using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace HmsTrace.Replay.Pipeline;

/// <summary>Content hashes and the run id derived from them.</summary>
public static class RunIdentity
{
    /// <summary>The engine version written to every <c>runs</c> row and mixed into run ids.</summary>
    public const string EngineVersion = "0.4.0";

    /// <summary>Lowercase hex SHA-256 of a file's bytes, streamed.</summary>
    public static string FileSha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Lowercase hex SHA-256 of a string's UTF-8 bytes.</summary>
    public static string TextSha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Parameters as canonical JSON: keys sorted ordinally, values as strings.</summary>
    public static string ParametersJson(IReadOnlyDictionary<string, string> parameters)
    {
        var keys = new List<string>(parameters.Keys);
        keys.Sort(StringComparer.Ordinal);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var k in keys)
            {
                json.WriteString(k, parameters[k]);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// The run id: 16 hex digits of SHA-256 over every input's identity. <paramref name="readOptions"/>
    /// (see <see cref="ReadOptionsIdentity"/>) distinguishes replays of one file read differently
    /// (another --initiator, --from, pid or time scale); null keeps ids of default reads unchanged.
    /// </summary>
    public static string RunId(string traceSha, string traceName, string topologySha, string policySha, string parametersJson, ulong seed, long epochNs, long epochRecords, string? readOptions = null)
    {
        var parts = new List<string> { traceSha, traceName, topologySha, policySha, parametersJson, seed.ToString(CultureInfo.InvariantCulture), epochNs.ToString(CultureInfo.InvariantCulture), epochRecords.ToString(CultureInfo.InvariantCulture), EngineVersion };
        if (readOptions is not null)
        {
            parts.Add(readOptions);
        }

        return TextSha256(string.Join('\n', parts))[..16];
    }

    /// <summary>
    /// The run id of a replay of a trace (content hash <paramref name="traceSha"/>) with these
    /// inputs: the one function both <c>replay</c> and <c>sweep</c> use, so their ids always agree.
    /// </summary>
    public static string RunId(string traceSha, string traceName, HmsTrace.Traces.TraceReadOptions traceOptions, string topologySha, string policySha, HmsTrace.Engine.ReplayOptions options)
    {
        ArgumentNullException.ThrowIfNull(traceOptions);
        ArgumentNullException.ThrowIfNull(options);
        return RunId(
            traceSha, traceName, topologySha, policySha, ParametersJson(options.Parameters), options.Seed,
            options.EpochRecords > 0 ? 0 : options.EpochNs, options.EpochRecords,
            Extra(ReadOptionsIdentity(traceOptions), EngineOptionsIdentity(options)));
    }

    /// <summary>
    /// The engine options besides epoch and seed that change results (ping-pong window, snapshot
    /// interval, decision bound, fault mode, region bound), or null when they are all defaults.
    /// </summary>
    public static string? EngineOptionsIdentity(HmsTrace.Engine.ReplayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var d = new HmsTrace.Engine.ReplayOptions();
        if (options.PingPongWindowNs == d.PingPongWindowNs && options.RangeSnapshotEvery == d.RangeSnapshotEvery
            && options.MaxEpochMigrations == d.MaxEpochMigrations && options.OnPolicyFault == d.OnPolicyFault
            && options.MaxRegions == d.MaxRegions)
        {
            return null;
        }

        // The region bound is added only when set, so that ids of runs without it stay as they were.
        var regions = options.MaxRegions == d.MaxRegions ? "" : string.Create(CultureInfo.InvariantCulture, $";regions={options.MaxRegions}");
        return string.Create(CultureInfo.InvariantCulture, $"pingpong={options.PingPongWindowNs};snapshots={options.RangeSnapshotEvery};maxmig={options.MaxEpochMigrations};fault={options.OnPolicyFault}{regions}");
    }

    /// <summary>Joins the optional identities (null when all are null).</summary>
    public static string? Extra(params string?[] identities)
    {
        var present = new List<string>();
        foreach (var i in identities)
        {
            if (i is not null)
            {
                present.Add(i);
            }
        }

        return present.Count == 0 ? null : string.Join('|', present);
    }

    /// <summary>The trace-reading options that change what is replayed, or null when they are all defaults.</summary>
    public static string? ReadOptionsIdentity(HmsTrace.Traces.TraceReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var defaults = new HmsTrace.Traces.TraceReadOptions();
        if (options with { Format = null, SkipBad = 0 } == defaults with { Format = null, SkipBad = 0 })
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture, $"initiator={options.Initiator};pid={options.ProcessId};scale={options.TimeScaleNs};size={options.DefaultAccessSize};ifetch={options.IncludeInstructionFetches}");
    }
}
