namespace HmsTrace.Replay.Results;

/// <summary>A column of a result table.</summary>
/// <param name="Name">snake_case name; time columns end in <c>_ns</c>.</param>
/// <param name="Type">Value type.</param>
/// <param name="Nullable">Whether the column may hold nulls (Parquet OPTIONAL).</param>
/// <param name="Sorted">Whether values are non-decreasing within a file (a hint for DELTA encoding).</param>
public sealed record ResultColumn(string Name, ColumnType Type, bool Nullable = false, bool Sorted = false);
