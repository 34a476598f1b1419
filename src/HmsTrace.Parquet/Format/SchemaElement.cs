namespace HmsTrace.Parquet.Format;

/// <summary>parquet.thrift struct SchemaElement.</summary>
internal sealed class SchemaElement
{
    public int? Type { get; set; } // 1: optional Type type
    public int? TypeLength { get; set; } // 2: optional i32 type_length
    public int? RepetitionType { get; set; } // 3: optional FieldRepetitionType repetition_type
    public string Name { get; set; } = ""; // 4: required string name
    public int? NumChildren { get; set; } // 5: optional i32 num_children
    public int? ConvertedType { get; set; } // 6: optional ConvertedType converted_type
    public ParquetLogicalType? LogicalType { get; set; } // 10: optional LogicalType logicalType (supported kinds only)
}
