namespace HmsTrace.Parquet.Format;

/// <summary>parquet.thrift struct FileMetaData (the footer).</summary>
internal sealed class FileMetaData
{
    public int Version { get; set; } = 1; // 1: required i32 version
    public List<SchemaElement> Schema { get; set; } = []; // 2: required list<SchemaElement> schema
    public long NumRows { get; set; } // 3: required i64 num_rows
    public List<RowGroup> RowGroups { get; set; } = []; // 4: required list<RowGroup> row_groups
    public List<KeyValuePair<string, string?>>? KeyValueMetadata { get; set; } // 5: optional list<KeyValue>
    public string? CreatedBy { get; set; } // 6: optional string created_by
    public int ColumnOrderCount { get; set; } // 7: optional list<ColumnOrder> column_orders (all TypeDefinedOrder)
}
