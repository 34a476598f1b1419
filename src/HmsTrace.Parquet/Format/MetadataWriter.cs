using HmsTrace.Parquet.Thrift;

namespace HmsTrace.Parquet.Format;

/// <summary>Serialises the footer and page headers with the Thrift compact protocol; field ids from parquet.thrift.</summary>
internal static class MetadataWriter
{
    public static void Write(ThriftCompactWriter w, PageHeader h)
    {
        w.StructBegin();
        w.I32Field(1, (int)h.Type); // PageHeader.1 type
        w.I32Field(2, h.UncompressedPageSize); // PageHeader.2 uncompressed_page_size
        w.I32Field(3, h.CompressedPageSize); // PageHeader.3 compressed_page_size
        if (h.Crc is { } crc)
        {
            w.I32Field(4, crc); // PageHeader.4 crc
        }

        if (h.DataPageHeader is { } d)
        {
            w.StructFieldBegin(5); // PageHeader.5 data_page_header
            w.I32Field(1, d.NumValues); // DataPageHeader.1 num_values
            w.I32Field(2, (int)d.Encoding); // DataPageHeader.2 encoding
            w.I32Field(3, (int)d.DefinitionLevelEncoding); // DataPageHeader.3 definition_level_encoding
            w.I32Field(4, (int)d.RepetitionLevelEncoding); // DataPageHeader.4 repetition_level_encoding
            w.StructEnd();
        }

        if (h.DictionaryPageHeader is { } dict)
        {
            w.StructFieldBegin(7); // PageHeader.7 dictionary_page_header
            w.I32Field(1, dict.NumValues); // DictionaryPageHeader.1 num_values
            w.I32Field(2, (int)dict.Encoding); // DictionaryPageHeader.2 encoding
            if (dict.IsSorted is { } sorted)
            {
                w.BoolField(3, sorted); // DictionaryPageHeader.3 is_sorted
            }

            w.StructEnd();
        }

        if (h.DataPageHeaderV2 is { } v2)
        {
            w.StructFieldBegin(8); // PageHeader.8 data_page_header_v2
            w.I32Field(1, v2.NumValues);
            w.I32Field(2, v2.NumNulls);
            w.I32Field(3, v2.NumRows);
            w.I32Field(4, (int)v2.Encoding);
            w.I32Field(5, v2.DefinitionLevelsByteLength);
            w.I32Field(6, v2.RepetitionLevelsByteLength);
            w.BoolField(7, v2.IsCompressed);
            w.StructEnd();
        }

        w.StructEnd();
    }

    public static void Write(ThriftCompactWriter w, FileMetaData m)
    {
        w.StructBegin();
        w.I32Field(1, m.Version); // FileMetaData.1 version
        w.ListFieldBegin(2, ThriftType.Struct, m.Schema.Count); // FileMetaData.2 schema
        foreach (var e in m.Schema)
        {
            Write(w, e);
        }

        w.I64Field(3, m.NumRows); // FileMetaData.3 num_rows
        w.ListFieldBegin(4, ThriftType.Struct, m.RowGroups.Count); // FileMetaData.4 row_groups
        foreach (var rg in m.RowGroups)
        {
            Write(w, rg);
        }

        if (m.KeyValueMetadata is { Count: > 0 } kvs)
        {
            w.ListFieldBegin(5, ThriftType.Struct, kvs.Count); // FileMetaData.5 key_value_metadata
            foreach (var kv in kvs)
            {
                w.StructBegin();
                w.StringField(1, kv.Key); // KeyValue.1 key
                if (kv.Value is { } v)
                {
                    w.StringField(2, v); // KeyValue.2 value
                }

                w.StructEnd();
            }
        }

        if (m.CreatedBy is { } createdBy)
        {
            w.StringField(6, createdBy); // FileMetaData.6 created_by
        }

        if (m.ColumnOrderCount > 0)
        {
            w.ListFieldBegin(7, ThriftType.Struct, m.ColumnOrderCount); // FileMetaData.7 column_orders
            for (var i = 0; i < m.ColumnOrderCount; i++)
            {
                w.StructBegin();
                w.EmptyStructField(1); // ColumnOrder.1 TYPE_ORDER: TypeDefinedOrder
                w.StructEnd();
            }
        }

        w.StructEnd();
    }

    private static void Write(ThriftCompactWriter w, SchemaElement e)
    {
        w.StructBegin();
        if (e.Type is { } t)
        {
            w.I32Field(1, t); // SchemaElement.1 type
        }

        if (e.TypeLength is { } tl)
        {
            w.I32Field(2, tl); // SchemaElement.2 type_length
        }

        if (e.RepetitionType is { } rep)
        {
            w.I32Field(3, rep); // SchemaElement.3 repetition_type
        }

        w.StringField(4, e.Name); // SchemaElement.4 name
        if (e.NumChildren is { } n)
        {
            w.I32Field(5, n); // SchemaElement.5 num_children
        }

        if (e.ConvertedType is { } ct)
        {
            w.I32Field(6, ct); // SchemaElement.6 converted_type
        }

        if (e.LogicalType is { Kind: not ParquetLogicalTypeKind.None } lt)
        {
            w.StructFieldBegin(10); // SchemaElement.10 logicalType (union LogicalType)
            switch (lt.Kind)
            {
                case ParquetLogicalTypeKind.String:
                    w.EmptyStructField(1); // LogicalType.1 STRING: StringType
                    break;
                case ParquetLogicalTypeKind.Timestamp:
                    w.StructFieldBegin(8); // LogicalType.8 TIMESTAMP: TimestampType
                    w.BoolField(1, lt.IsAdjustedToUtc); // TimestampType.1 isAdjustedToUTC
                    w.StructFieldBegin(2); // TimestampType.2 unit: union TimeUnit
                    w.EmptyStructField((short)lt.Unit); // TimeUnit.1 MILLIS / .2 MICROS / .3 NANOS
                    w.StructEnd();
                    w.StructEnd();
                    break;
                case ParquetLogicalTypeKind.Integer:
                    w.StructFieldBegin(10); // LogicalType.10 INTEGER: IntType
                    w.ByteField(1, (sbyte)lt.BitWidth); // IntType.1 bitWidth (i8)
                    w.BoolField(2, lt.IsSigned); // IntType.2 isSigned
                    w.StructEnd();
                    break;
            }

            w.StructEnd();
        }

        w.StructEnd();
    }

    private static void Write(ThriftCompactWriter w, RowGroup rg)
    {
        w.StructBegin();
        w.ListFieldBegin(1, ThriftType.Struct, rg.Columns.Count); // RowGroup.1 columns
        foreach (var c in rg.Columns)
        {
            Write(w, c);
        }

        w.I64Field(2, rg.TotalByteSize); // RowGroup.2 total_byte_size
        w.I64Field(3, rg.NumRows); // RowGroup.3 num_rows
        if (rg.FileOffset is { } fo)
        {
            w.I64Field(5, fo); // RowGroup.5 file_offset
        }

        if (rg.TotalCompressedSize is { } tcs)
        {
            w.I64Field(6, tcs); // RowGroup.6 total_compressed_size
        }

        if (rg.Ordinal is { } ord)
        {
            w.FieldBegin(7, ThriftType.I16); // RowGroup.7 ordinal
            w.WriteI16(ord);
        }

        w.StructEnd();
    }

    private static void Write(ThriftCompactWriter w, ColumnChunk c)
    {
        w.StructBegin();
        if (c.FilePath is { } fp)
        {
            w.StringField(1, fp); // ColumnChunk.1 file_path
        }

        w.I64Field(2, c.FileOffset); // ColumnChunk.2 file_offset
        if (c.MetaData is { } md)
        {
            w.StructFieldBegin(3); // ColumnChunk.3 meta_data
            w.I32Field(1, md.Type); // ColumnMetaData.1 type
            w.ListFieldBegin(2, ThriftType.I32, md.Encodings.Count); // ColumnMetaData.2 encodings
            foreach (var e in md.Encodings)
            {
                w.WriteI32((int)e);
            }

            w.ListFieldBegin(3, ThriftType.Binary, md.PathInSchema.Count); // ColumnMetaData.3 path_in_schema
            foreach (var p in md.PathInSchema)
            {
                w.WriteString(p);
            }

            w.I32Field(4, (int)md.Codec); // ColumnMetaData.4 codec
            w.I64Field(5, md.NumValues); // ColumnMetaData.5 num_values
            w.I64Field(6, md.TotalUncompressedSize); // ColumnMetaData.6 total_uncompressed_size
            w.I64Field(7, md.TotalCompressedSize); // ColumnMetaData.7 total_compressed_size
            w.I64Field(9, md.DataPageOffset); // ColumnMetaData.9 data_page_offset
            if (md.IndexPageOffset is { } ipo)
            {
                w.I64Field(10, ipo); // ColumnMetaData.10 index_page_offset
            }

            if (md.DictionaryPageOffset is { } dpo)
            {
                w.I64Field(11, dpo); // ColumnMetaData.11 dictionary_page_offset
            }

            if (md.Statistics is { } s)
            {
                w.StructFieldBegin(12); // ColumnMetaData.12 statistics
                WriteStatistics(w, s);
            }

            if (md.EncodingStats is { Count: > 0 } es)
            {
                w.ListFieldBegin(13, ThriftType.Struct, es.Count); // ColumnMetaData.13 encoding_stats
                foreach (var stat in es)
                {
                    w.StructBegin();
                    w.I32Field(1, (int)stat.PageType); // PageEncodingStats.1 page_type
                    w.I32Field(2, (int)stat.Encoding); // PageEncodingStats.2 encoding
                    w.I32Field(3, stat.Count); // PageEncodingStats.3 count
                    w.StructEnd();
                }
            }

            w.StructEnd();
        }

        w.StructEnd();
    }

    /// <summary>Writes the fields of a Statistics struct and its stop byte (the caller began the struct).</summary>
    private static void WriteStatistics(ThriftCompactWriter w, Statistics s)
    {
        if (s.Max is { } max)
        {
            w.BinaryField(1, max); // Statistics.1 max (deprecated)
        }

        if (s.Min is { } min)
        {
            w.BinaryField(2, min); // Statistics.2 min (deprecated)
        }

        if (s.NullCount is { } nc)
        {
            w.I64Field(3, nc); // Statistics.3 null_count
        }

        if (s.DistinctCount is { } dc)
        {
            w.I64Field(4, dc); // Statistics.4 distinct_count
        }

        if (s.MaxValue is { } maxValue)
        {
            w.BinaryField(5, maxValue); // Statistics.5 max_value
        }

        if (s.MinValue is { } minValue)
        {
            w.BinaryField(6, minValue); // Statistics.6 min_value
        }

        if (s.IsMaxValueExact is { } maxExact)
        {
            w.BoolField(7, maxExact); // Statistics.7 is_max_value_exact
        }

        if (s.IsMinValueExact is { } minExact)
        {
            w.BoolField(8, minExact); // Statistics.8 is_min_value_exact
        }

        if (s.NanCount is { } nan)
        {
            w.I64Field(9, nan); // Statistics.9 nan_count
        }

        w.StructEnd();
    }
}
