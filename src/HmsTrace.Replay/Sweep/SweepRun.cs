using HmsTrace.Engine;
using HmsTrace.Replay.Pipeline;
using HmsTrace.Replay.Results;
using HmsTrace.Topology;
using HmsTrace.Traces;

namespace HmsTrace.Replay.Sweep;

/// <summary>
/// One replay of a sweep: a point of the matrix with its position and stable run id. The run id is
/// <see cref="RunIdentity.RunId(string, string, HmsTrace.Traces.TraceReadOptions, string, string, HmsTrace.Engine.ReplayOptions)"/> of the inputs' content hashes, so the same combination has the
/// same id (and the same files) in every sweep and shard. Immutable.
/// </summary>
public sealed record SweepRun
{
    /// <summary>Position in the full matrix, from 0.</summary>
    public required int Index { get; init; }

    /// <summary>The run id (16 hex digits).</summary>
    public required string RunId { get; init; }

    /// <summary>Trace file.</summary>
    public required string TracePath { get; init; }

    /// <summary>The <c>trace=</c> partition name.</summary>
    public required string TraceName { get; init; }

    /// <summary>Lowercase hex SHA-256 of the trace file.</summary>
    public required string TraceSha256 { get; init; }

    /// <summary>How to read the trace.</summary>
    public required TraceReadOptions TraceOptions { get; init; }

    /// <summary>Topology file.</summary>
    public required string TopologyPath { get; init; }

    /// <summary>The topology as loaded, before <see cref="Capacities"/> are applied.</summary>
    public required MachineTopology Topology { get; init; }

    /// <summary>Identity of the topology with its capacity settings (file hash, then each setting, as <c>hmstrace replay --capacity</c> does).</summary>
    public required string TopologySha256 { get; init; }

    /// <summary>The policy.</summary>
    public required PolicySource Policy { get; init; }

    /// <summary>Capacity settings, by target name (ordinal order).</summary>
    public required IReadOnlyList<CapacitySetting> Capacities { get; init; }

    /// <summary>Engine options with this point's parameters (policy parameters and <c>capacity.&lt;target&gt;</c> entries).</summary>
    public required ReplayOptions Options { get; init; }

    /// <summary>The parameters as canonical JSON, as in the <c>runs</c> table.</summary>
    public string ParametersJson => RunIdentity.ParametersJson(Options.Parameters);

    /// <summary>Relative paths of the run's files, one per result table.</summary>
    public IReadOnlyList<string> Files
    {
        get
        {
            var files = new string[ResultTables.All.Count];
            for (var i = 0; i < files.Length; i++)
            {
                files[i] = DatasetPath.For(ResultTables.All[i].Name, Policy.Name, TraceName, RunId);
            }

            return files;
        }
    }

    /// <summary>A short label for messages: <c>policy on trace (topology, parameters)</c>.</summary>
    public string Label
    {
        get
        {
            var parameters = Options.Parameters.Count == 0 ? string.Empty : " " + ParametersText;
            return $"{Policy.Name} × {TraceName} on {Topology.Name}{parameters}";
        }
    }

    /// <summary>The parameters as <c>a=1 b=2</c> (ordinal order), empty when there are none.</summary>
    public string ParametersText
    {
        get
        {
            var keys = new List<string>(Options.Parameters.Keys);
            keys.Sort(StringComparer.Ordinal);
            var parts = new string[keys.Count];
            for (var i = 0; i < parts.Length; i++)
            {
                parts[i] = $"{keys[i]}={Options.Parameters[keys[i]]}";
            }

            return string.Join(' ', parts);
        }
    }
}
