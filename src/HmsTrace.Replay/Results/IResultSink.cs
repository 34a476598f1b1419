namespace HmsTrace.Replay.Results;

/// <summary>
/// Where result tables go. A maintained Parquet library can replace the bundled writer by
/// implementing this one interface.
/// </summary>
public interface IResultSink
{
    /// <summary>
    /// Opens a table file at <paramref name="relativePath"/> under the sink's root (for example
    /// <c>epochs/policy=lru/trace=zipf/part-0.parquet</c>) with key-value metadata to store in it.
    /// </summary>
    ITableWriter Open(TableSchema schema, string relativePath, IReadOnlyList<KeyValuePair<string, string>> metadata);
}
