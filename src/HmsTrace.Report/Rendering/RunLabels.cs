using System.Globalization;
using System.Text;
using System.Text.Json;

namespace HmsTrace.Report.Rendering;

/// <summary>
/// Short labels that tell the runs of one trace apart: the policy, plus only those inputs that differ between the
/// runs (parameters, topology, the topology or trace file's hash where one name stands for several files, seed, epoch, bound on monitoring regions), plus the run id's first
/// digits if two runs would still share a label.
/// </summary>
internal static class RunLabels
{
    public static Dictionary<string, string> For(IReadOnlyList<RunSummary> runs)
    {
        var parameters = runs.Select(r => r.ParametersJson).Distinct().Count() > 1;
        var topology = runs.Select(r => r.Topology).Distinct().Count() > 1;

        // A name that stands for more than one file (a topology edited between runs, two traces
        // called the same in different folders) says which by the file's hash.
        var ambiguousTopologies = runs.GroupBy(r => r.Topology, StringComparer.Ordinal)
            .Where(g => g.Select(r => r.TopologySha256).Distinct().Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        var ambiguousTraces = runs.GroupBy(r => r.Trace, StringComparer.Ordinal)
            .Where(g => g.Select(r => r.TraceSha256).Distinct().Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        var seed = runs.Select(r => r.Seed).Distinct().Count() > 1;
        var epoch = runs.Select(r => (r.EpochNs, r.EpochRecords)).Distinct().Count() > 1;
        var regions = runs.Select(r => r.MaxRegions).Distinct().Count() > 1;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in runs)
        {
            var sb = new StringBuilder(r.Policy);
            if (parameters && ParameterText(r.ParametersJson) is { Length: > 0 } p)
            {
                sb.Append(' ').Append(p);
            }

            if (topology)
            {
                sb.Append(" · ").Append(r.Topology);
            }

            if (ambiguousTopologies.Contains(r.Topology))
            {
                sb.Append(" · topology ").Append(Short(r.TopologySha256, 8));
            }

            if (ambiguousTraces.Contains(r.Trace))
            {
                sb.Append(" · trace ").Append(Short(r.TraceSha256, 8));
            }

            if (seed)
            {
                sb.Append(CultureInfo.InvariantCulture, $" · seed {r.Seed}");
            }

            if (epoch)
            {
                sb.Append(" · epoch ").Append(EpochText(r));
            }

            if (regions)
            {
                sb.Append(" · ").Append(RegionsText(r));
            }

            labels[r.RunId] = sb.ToString();
        }

        var duplicates = labels.GroupBy(kv => kv.Value, StringComparer.Ordinal).Where(g => g.Count() > 1).SelectMany(g => g.Select(kv => kv.Key)).ToList();
        foreach (var id in duplicates)
        {
            labels[id] += " · " + Short(id, 8);
        }

        return labels;
    }

    /// <summary>Parameters as <c>name=value</c> pairs separated by spaces, or the JSON itself if it is not an object of scalars.</summary>
    public static string ParameterText(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return json;
            }

            return string.Join(' ', doc.RootElement.EnumerateObject().Select(p => p.Name + "=" + (p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText())));
        }
        catch (JsonException)
        {
            return json;
        }
    }

    public static string EpochText(RunSummary r)
        => r.EpochRecords > 0 ? Html.Count(r.EpochRecords) + " records" : ScaledUnit.FormatNs(r.EpochNs);

    /// <summary>The epoch hook's view: every range, or at most N monitoring regions.</summary>
    public static string RegionsText(RunSummary r)
        => r.MaxRegions > 0 ? "≤ " + Html.Count(r.MaxRegions) + " regions" : "all ranges";

    public static string Short(string hash, int chars) => hash.Length > chars ? hash[..chars] : hash;
}
