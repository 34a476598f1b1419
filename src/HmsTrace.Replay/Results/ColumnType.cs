namespace HmsTrace.Replay.Results;

/// <summary>The value types result columns use; each maps to one Parquet physical/logical type.</summary>
public enum ColumnType
{
    /// <summary>64-bit signed integer (Parquet INT64, no logical annotation: signed by definition).</summary>
    Int64,

    /// <summary>32-bit signed integer (Parquet INT32, no logical annotation: signed by definition).</summary>
    Int32,

    /// <summary>IEEE double (Parquet DOUBLE).</summary>
    Double,

    /// <summary>Boolean (Parquet BOOLEAN).</summary>
    Boolean,

    /// <summary>UTF-8 text (Parquet BYTE_ARRAY, STRING).</summary>
    String,
}
