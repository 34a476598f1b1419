using System.Text;

namespace HmsTrace.Replay.Results;

/// <summary>
/// Paths inside a result dataset: <c>&lt;table&gt;/policy=&lt;p&gt;/trace=&lt;t&gt;/part-&lt;run id&gt;.parquet</c>,
/// Hive-partitioned so DuckDB, Spark and pyarrow read each table as one.
/// </summary>
public static class DatasetPath
{
    /// <summary>The relative path of one run's file of <paramref name="table"/>.</summary>
    public static string For(string table, string policy, string trace, string runId)
        => $"{table}/policy={EscapeHive(policy)}/trace={EscapeHive(trace)}/part-{runId}.parquet";

    /// <summary>The trace partition name: the file name without <c>.gz</c> and its format extension.</summary>
    public static string TraceName(string path)
    {
        var name = Path.GetFileName(path);
        if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^3];
        }

        var dot = name.LastIndexOf('.');
        return dot > 0 ? name[..dot] : name;
    }

    /// <summary>
    /// Escapes a partition value as Hive's FileUtils.escapePathName does: control characters and
    /// <c>"#%'*/:=?\{[]^</c> (and DEL) become <c>%XX</c> with uppercase hex of the UTF-8 byte.
    /// </summary>
    public static string EscapeHive(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            return "__HIVE_DEFAULT_PARTITION__";
        }

        var sb = new StringBuilder(value.Length);
        foreach (var ch in value)
        {
            if (ch < 0x20 || ch == 0x7f || "\"#%'*/:=?\\{[]^".Contains(ch, StringComparison.Ordinal))
            {
                sb.Append('%').Append(((int)ch).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(ch);
            }
        }

        return sb.ToString();
    }
}
