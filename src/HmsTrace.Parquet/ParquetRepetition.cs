namespace HmsTrace.Parquet;

/// <summary>Whether a column may hold nulls. Values equal the spec's numbers.</summary>
public enum ParquetRepetition
{
    /// <summary>Every row has a value.</summary>
    Required = 0, // parquet.thrift FieldRepetitionType.REQUIRED

    /// <summary>A row may be null (definition level 0).</summary>
    Optional = 1, // parquet.thrift FieldRepetitionType.OPTIONAL
}
