using HmsTrace.Parquet;

namespace HmsTrace.Replay.Results;

/// <summary>
/// Paths inside a result dataset: <c>&lt;table&gt;/policy=&lt;p&gt;/trace=&lt;t&gt;/part-&lt;run id&gt;.parquet</c>,
/// Hive-partitioned so DuckDB, Spark and pyarrow read each table as one.
/// </summary>
public static class DatasetPath
{
    /// <summary>The relative path of one run's file of <paramref name="table"/>.</summary>
    public static string For(string table, string policy, string trace, string runId)
        => $"{table}/policy={HivePartitionPath.Escape(policy)}/trace={HivePartitionPath.Escape(trace)}/part-{runId}.parquet";

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
}
