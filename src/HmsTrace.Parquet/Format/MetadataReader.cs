using System.Globalization;
using HmsTrace.Parquet.Thrift;

namespace HmsTrace.Parquet.Format;

/// <summary>
/// Decodes the footer and page headers from the Thrift compact protocol. Unknown fields (and known fields of an
/// unexpected type) are skipped; missing required fields raise <see cref="ParquetFormatException"/>.
/// </summary>
internal static class MetadataReader
{
    public static FileMetaData ReadFileMetaData(ThriftCompactReader r)
    {
        var m = new FileMetaData();
        bool hasVersion = false, hasSchema = false, hasRows = false, hasGroups = false;
        var start = r.FileOffset;
        r.StructBegin();
        while (r.FieldBegin(out var t, out var id))
        {
            switch (id)
            {
                case 1 when t == ThriftType.I32: // FileMetaData.1 version
                    m.Version = r.ReadI32();
                    hasVersion = true;
                    break;
                case 2 when t == ThriftType.List: // FileMetaData.2 schema
                    {
                        var n = ListOfStructs(r);
                        m.Schema = new List<SchemaElement>(n);
                        for (var i = 0; i < n; i++)
                        {
                            m.Schema.Add(ReadSchemaElement(r));
                        }

                        hasSchema = true;
                        break;
                    }

                case 3 when t == ThriftType.I64: // FileMetaData.3 num_rows
                    m.NumRows = r.ReadI64();
                    hasRows = true;
                    break;
                case 4 when t == ThriftType.List: // FileMetaData.4 row_groups
                    {
                        var n = ListOfStructs(r);
                        m.RowGroups = new List<RowGroup>(n);
                        for (var i = 0; i < n; i++)
                        {
                            m.RowGroups.Add(ReadRowGroup(r));
                        }

                        hasGroups = true;
                        break;
                    }

                case 5 when t == ThriftType.List: // FileMetaData.5 key_value_metadata
                    {
                        var n = ListOfStructs(r);
                        m.KeyValueMetadata = new List<KeyValuePair<string, string?>>(n);
                        for (var i = 0; i < n; i++)
                        {
                            m.KeyValueMetadata.Add(ReadKeyValue(r));
                        }

                        break;
                    }

                case 6 when t == ThriftType.Binary: // FileMetaData.6 created_by
                    m.CreatedBy = r.ReadString();
                    break;
                case 7 when t == ThriftType.List: // FileMetaData.7 column_orders
                    {
                        var n = ListOfStructs(r);
                        for (var i = 0; i < n; i++)
                        {
                            r.Skip(ThriftType.Struct);
                        }

                        m.ColumnOrderCount = n;
                        break;
                    }

                default:
                    r.Skip(t);
                    break;
            }
        }

        r.StructEnd();
        Require(hasVersion && hasSchema && hasRows && hasGroups, start, "FileMetaData lacks a required field (version, schema, num_rows or row_groups)");
        return m;
    }

    public static PageHeader ReadPageHeader(ThriftCompactReader r)
    {
        var h = new PageHeader();
        bool hasType = false, hasU = false, hasC = false;
        var start = r.FileOffset;
        r.StructBegin();
        while (r.FieldBegin(out var t, out var id))
        {
            switch (id)
            {
                case 1 when t == ThriftType.I32: // PageHeader.1 type
                    h.Type = (PageType)r.ReadI32();
                    hasType = true;
                    break;
                case 2 when t == ThriftType.I32: // PageHeader.2 uncompressed_page_size
                    h.UncompressedPageSize = r.ReadI32();
                    hasU = true;
                    break;
                case 3 when t == ThriftType.I32: // PageHeader.3 compressed_page_size
                    h.CompressedPageSize = r.ReadI32();
                    hasC = true;
                    break;
                case 4 when t == ThriftType.I32: // PageHeader.4 crc
                    h.Crc = r.ReadI32();
                    break;
                case 5 when t == ThriftType.Struct: // PageHeader.5 data_page_header
                    h.DataPageHeader = ReadDataPageHeader(r);
                    break;
                case 7 when t == ThriftType.Struct: // PageHeader.7 dictionary_page_header
                    h.DictionaryPageHeader = ReadDictionaryPageHeader(r);
                    break;
                case 8 when t == ThriftType.Struct: // PageHeader.8 data_page_header_v2
                    h.DataPageHeaderV2 = ReadDataPageHeaderV2(r);
                    break;
                default:
                    r.Skip(t);
                    break;
            }
        }

        r.StructEnd();
        Require(hasType && hasU && hasC, start, "PageHeader lacks type, uncompressed_page_size or compressed_page_size");
        Require(h.UncompressedPageSize >= 0 && h.CompressedPageSize >= 0, start, "PageHeader has a negative page size");
        return h;
    }

    private static DataPageHeader ReadDataPageHeader(ThriftCompactReader r)
    {
        var d = new DataPageHeader();
        var seen = 0;
        var start = r.FileOffset;
        r.StructBegin();
        while (r.FieldBegin(out var t, out var id))
        {
            switch (id)
            {
                case 1 when t == ThriftType.I32: // DataPageHeader.1 num_values
                    d.NumValues = r.ReadI32();
                    seen |= 1;
                    break;
                case 2 when t == ThriftType.I32: // DataPageHeader.2 encoding
                    d.Encoding = (ParquetEncoding)r.ReadI32();
                    seen |= 2;
                    break;
                case 3 when t == ThriftType.I32: // DataPageHeader.3 definition_level_encoding
                    d.DefinitionLevelEncoding = (ParquetEncoding)r.ReadI32();
                    break;
                case 4 when t == ThriftType.I32: // DataPageHeader.4 repetition_level_encoding
                    d.RepetitionLevelEncoding = (ParquetEncoding)r.ReadI32();
                    break;
                default:
                    r.Skip(t);
                    break;
            }
        }

        r.StructEnd();
        Require(seen == 3 && d.NumValues >= 0, start, "DataPageHeader lacks num_values or encoding");
        return d;
    }

    private static DataPageHeaderV2 ReadDataPageHeaderV2(ThriftCompactReader r)
    {
        var d = new DataPageHeaderV2();
        var seen = 0;
        var start = r.FileOffset;
        r.StructBegin();
        while (r.FieldBegin(out var t, out var id))
        {
            switch (id)
            {
                case 1 when t == ThriftType.I32: // DataPageHeaderV2.1 num_values
                    d.NumValues = r.ReadI32();
                    seen |= 1;
                    break;
                case 2 when t == ThriftType.I32: // DataPageHeaderV2.2 num_nulls
                    d.NumNulls = r.ReadI32();
                    seen |= 2;
                    break;
                case 3 when t == ThriftType.I32: // DataPageHeaderV2.3 num_rows
                    d.NumRows = r.ReadI32();
                    seen |= 4;
                    break;
                case 4 when t == ThriftType.I32: // DataPageHeaderV2.4 encoding
                    d.Encoding = (ParquetEncoding)r.ReadI32();
                    seen |= 8;
                    break;
                case 5 when t == ThriftType.I32: // DataPageHeaderV2.5 definition_levels_byte_length
                    d.DefinitionLevelsByteLength = r.ReadI32();
                    seen |= 16;
                    break;
                case 6 when t == ThriftType.I32: // DataPageHeaderV2.6 repetition_levels_byte_length
                    d.RepetitionLevelsByteLength = r.ReadI32();
                    seen |= 32;
                    break;
                case 7 when t is ThriftType.BooleanTrue or ThriftType.BooleanFalse: // DataPageHeaderV2.7 is_compressed
                    d.IsCompressed = r.ReadBoolField(t);
                    break;
                default:
                    r.Skip(t);
                    break;
            }
        }

        r.StructEnd();
        Require(seen == 63, start, "DataPageHeaderV2 lacks a required field");
        Require(d.NumValues >= 0 && d.NumNulls >= 0 && d.NumNulls <= d.NumValues && d.DefinitionLevelsByteLength >= 0 && d.RepetitionLevelsByteLength >= 0,
            start, "DataPageHeaderV2 has inconsistent counts or lengths");
        return d;
    }

    private static DictionaryPageHeader ReadDictionaryPageHeader(ThriftCompactReader r)
    {
        var d = new DictionaryPageHeader();
        var seen = 0;
        var start = r.FileOffset;
        r.StructBegin();
        while (r.FieldBegin(out var t, out var id))
        {
            switch (id)
            {
                case 1 when t == ThriftType.I32: // DictionaryPageHeader.1 num_values
                    d.NumValues = r.ReadI32();
                    seen |= 1;
                    break;
                case 2 when t == ThriftType.I32: // DictionaryPageHeader.2 encoding
                    d.Encoding = (ParquetEncoding)r.ReadI32();
                    seen |= 2;
                    break;
                case 3 when t is ThriftType.BooleanTrue or ThriftType.BooleanFalse: // DictionaryPageHeader.3 is_sorted
                    d.IsSorted = r.ReadBoolField(t);
                    break;
                default:
                    r.Skip(t);
                    break;
            }
        }

        r.StructEnd();
        Require(seen == 3 && d.NumValues >= 0, start, "DictionaryPageHeader lacks num_values or encoding");
        return d;
    }

    private static SchemaElement ReadSchemaElement(ThriftCompactReader r)
    {
        var e = new SchemaElement();
        var hasName = false;
        var start = r.FileOffset;
        r.StructBegin();
        while (r.FieldBegin(out var t, out var id))
        {
            switch (id)
            {
                case 1 when t == ThriftType.I32: // SchemaElement.1 type
                    e.Type = r.ReadI32();
                    break;
                case 2 when t == ThriftType.I32: // SchemaElement.2 type_length
                    e.TypeLength = r.ReadI32();
                    break;
                case 3 when t == ThriftType.I32: // SchemaElement.3 repetition_type
                    e.RepetitionType = r.ReadI32();
                    break;
                case 4 when t == ThriftType.Binary: // SchemaElement.4 name
                    e.Name = r.ReadString();
                    hasName = true;
                    break;
                case 5 when t == ThriftType.I32: // SchemaElement.5 num_children
                    e.NumChildren = r.ReadI32();
                    break;
                case 6 when t == ThriftType.I32: // SchemaElement.6 converted_type
                    e.ConvertedType = r.ReadI32();
                    break;
                case 10 when t == ThriftType.Struct: // SchemaElement.10 logicalType
                    e.LogicalType = ReadLogicalType(r);
                    break;
                default:
                    r.Skip(t);
                    break;
            }
        }

        r.StructEnd();
        Require(hasName, start, "SchemaElement lacks its name");
        return e;
    }

    /// <summary>Reads the LogicalType union; kinds this library does not model come back as <see cref="ParquetLogicalType.None"/>.</summary>
    private static ParquetLogicalType ReadLogicalType(ThriftCompactReader r)
    {
        var result = ParquetLogicalType.None;
        r.StructBegin();
        while (r.FieldBegin(out var t, out var id))
        {
            if (t != ThriftType.Struct)
            {
                r.Skip(t);
                continue;
            }

            switch (id)
            {
                case 1: // LogicalType.1 STRING
                    r.Skip(t);
                    result = ParquetLogicalType.String;
                    break;
                case 8: // LogicalType.8 TIMESTAMP
                    {
                        var utc = false;
                        var unit = ParquetTimeUnit.Micros;
                        r.StructBegin();
                        while (r.FieldBegin(out var ft, out var fid))
                        {
                            if (fid == 1 && ft is ThriftType.BooleanTrue or ThriftType.BooleanFalse)
                            {
                                utc = r.ReadBoolField(ft); // TimestampType.1 isAdjustedToUTC
                            }
                            else if (fid == 2 && ft == ThriftType.Struct)
                            {
                                r.StructBegin(); // TimestampType.2 unit (union TimeUnit)
                                while (r.FieldBegin(out var ut, out var uid))
                                {
                                    if (uid is >= 1 and <= 3)
                                    {
                                        unit = (ParquetTimeUnit)uid;
                                    }

                                    r.Skip(ut);
                                }

                                r.StructEnd();
                            }
                            else
                            {
                                r.Skip(ft);
                            }
                        }

                        r.StructEnd();
                        result = ParquetLogicalType.Timestamp(unit, utc);
                        break;
                    }

                case 10: // LogicalType.10 INTEGER
                    {
                        int bits = 0;
                        var signed = true;
                        r.StructBegin();
                        while (r.FieldBegin(out var ft, out var fid))
                        {
                            if (fid == 1 && ft == ThriftType.Byte)
                            {
                                bits = (sbyte)r.ReadByte(); // IntType.1 bitWidth
                            }
                            else if (fid == 2 && ft is ThriftType.BooleanTrue or ThriftType.BooleanFalse)
                            {
                                signed = r.ReadBoolField(ft); // IntType.2 isSigned
                            }
                            else
                            {
                                r.Skip(ft);
                            }
                        }

                        r.StructEnd();
                        result = bits is 8 or 16 or 32 or 64 ? ParquetLogicalType.Integer(bits, signed) : ParquetLogicalType.None;
                        break;
                    }

                default:
                    r.Skip(t);
                    break;
            }
        }

        r.StructEnd();
        return result;
    }

    private static KeyValuePair<string, string?> ReadKeyValue(ThriftCompactReader r)
    {
        string? key = null;
        string? value = null;
        var start = r.FileOffset;
        r.StructBegin();
        while (r.FieldBegin(out var t, out var id))
        {
            if (id == 1 && t == ThriftType.Binary)
            {
                key = r.ReadString(); // KeyValue.1 key
            }
            else if (id == 2 && t == ThriftType.Binary)
            {
                value = r.ReadString(); // KeyValue.2 value
            }
            else
            {
                r.Skip(t);
            }
        }

        r.StructEnd();
        Require(key is not null, start, "KeyValue lacks its key");
        return new(key!, value);
    }

    private static RowGroup ReadRowGroup(ThriftCompactReader r)
    {
        var rg = new RowGroup();
        var seen = 0;
        var start = r.FileOffset;
        r.StructBegin();
        while (r.FieldBegin(out var t, out var id))
        {
            switch (id)
            {
                case 1 when t == ThriftType.List: // RowGroup.1 columns
                    {
                        var n = ListOfStructs(r);
                        rg.Columns = new List<ColumnChunk>(n);
                        for (var i = 0; i < n; i++)
                        {
                            rg.Columns.Add(ReadColumnChunk(r));
                        }

                        seen |= 1;
                        break;
                    }

                case 2 when t == ThriftType.I64: // RowGroup.2 total_byte_size
                    rg.TotalByteSize = r.ReadI64();
                    seen |= 2;
                    break;
                case 3 when t == ThriftType.I64: // RowGroup.3 num_rows
                    rg.NumRows = r.ReadI64();
                    seen |= 4;
                    break;
                case 5 when t == ThriftType.I64: // RowGroup.5 file_offset
                    rg.FileOffset = r.ReadI64();
                    break;
                case 6 when t == ThriftType.I64: // RowGroup.6 total_compressed_size
                    rg.TotalCompressedSize = r.ReadI64();
                    break;
                case 7 when t == ThriftType.I16: // RowGroup.7 ordinal
                    rg.Ordinal = r.ReadI16();
                    break;
                default:
                    r.Skip(t);
                    break;
            }
        }

        r.StructEnd();
        Require((seen & 5) == 5 && rg.NumRows >= 0, start, "RowGroup lacks columns or num_rows");
        return rg;
    }

    private static ColumnChunk ReadColumnChunk(ThriftCompactReader r)
    {
        var c = new ColumnChunk();
        var start = r.FileOffset;
        r.StructBegin();
        while (r.FieldBegin(out var t, out var id))
        {
            switch (id)
            {
                case 1 when t == ThriftType.Binary: // ColumnChunk.1 file_path
                    c.FilePath = r.ReadString();
                    break;
                case 2 when t == ThriftType.I64: // ColumnChunk.2 file_offset
                    c.FileOffset = r.ReadI64();
                    break;
                case 3 when t == ThriftType.Struct: // ColumnChunk.3 meta_data
                    c.MetaData = ReadColumnMetaData(r);
                    break;
                default:
                    r.Skip(t);
                    break;
            }
        }

        r.StructEnd();
        Require(c.MetaData is not null, start, "ColumnChunk lacks meta_data (encrypted or external column chunks are not supported)");
        return c;
    }

    private static ColumnMetaData ReadColumnMetaData(ThriftCompactReader r)
    {
        var m = new ColumnMetaData();
        var seen = 0;
        var start = r.FileOffset;
        r.StructBegin();
        while (r.FieldBegin(out var t, out var id))
        {
            switch (id)
            {
                case 1 when t == ThriftType.I32: // ColumnMetaData.1 type
                    m.Type = r.ReadI32();
                    seen |= 1;
                    break;
                case 2 when t == ThriftType.List: // ColumnMetaData.2 encodings
                    {
                        r.ListBegin(out var et, out var n);
                        m.Encodings = new List<ParquetEncoding>(n);
                        for (var i = 0; i < n; i++)
                        {
                            if (et != ThriftType.I32)
                            {
                                throw r.Error("ColumnMetaData.encodings is not a list of i32");
                            }

                            m.Encodings.Add((ParquetEncoding)r.ReadI32());
                        }

                        seen |= 2;
                        break;
                    }

                case 3 when t == ThriftType.List: // ColumnMetaData.3 path_in_schema
                    {
                        r.ListBegin(out var et, out var n);
                        m.PathInSchema = new List<string>(n);
                        for (var i = 0; i < n; i++)
                        {
                            if (et != ThriftType.Binary)
                            {
                                throw r.Error("ColumnMetaData.path_in_schema is not a list of strings");
                            }

                            m.PathInSchema.Add(r.ReadString());
                        }

                        seen |= 4;
                        break;
                    }

                case 4 when t == ThriftType.I32: // ColumnMetaData.4 codec
                    m.Codec = (ParquetCompression)r.ReadI32();
                    seen |= 8;
                    break;
                case 5 when t == ThriftType.I64: // ColumnMetaData.5 num_values
                    m.NumValues = r.ReadI64();
                    seen |= 16;
                    break;
                case 6 when t == ThriftType.I64: // ColumnMetaData.6 total_uncompressed_size
                    m.TotalUncompressedSize = r.ReadI64();
                    seen |= 32;
                    break;
                case 7 when t == ThriftType.I64: // ColumnMetaData.7 total_compressed_size
                    m.TotalCompressedSize = r.ReadI64();
                    seen |= 64;
                    break;
                case 9 when t == ThriftType.I64: // ColumnMetaData.9 data_page_offset
                    m.DataPageOffset = r.ReadI64();
                    seen |= 128;
                    break;
                case 10 when t == ThriftType.I64: // ColumnMetaData.10 index_page_offset
                    m.IndexPageOffset = r.ReadI64();
                    break;
                case 11 when t == ThriftType.I64: // ColumnMetaData.11 dictionary_page_offset
                    m.DictionaryPageOffset = r.ReadI64();
                    break;
                case 12 when t == ThriftType.Struct: // ColumnMetaData.12 statistics
                    m.Statistics = ReadStatistics(r);
                    break;
                case 13 when t == ThriftType.List: // ColumnMetaData.13 encoding_stats
                    {
                        var n = ListOfStructs(r);
                        m.EncodingStats = new List<PageEncodingStats>(n);
                        for (var i = 0; i < n; i++)
                        {
                            m.EncodingStats.Add(ReadPageEncodingStats(r));
                        }

                        break;
                    }

                default:
                    r.Skip(t);
                    break;
            }
        }

        r.StructEnd();
        Require(seen == 255, start, "ColumnMetaData lacks a required field");
        Require(m.NumValues >= 0 && m.TotalCompressedSize >= 0 && m.TotalUncompressedSize >= 0 && m.DataPageOffset >= 0,
            start, "ColumnMetaData has a negative size, count or offset");
        return m;
    }

    private static PageEncodingStats ReadPageEncodingStats(ThriftCompactReader r)
    {
        int pageType = 0, encoding = 0, count = 0;
        r.StructBegin();
        while (r.FieldBegin(out var t, out var id))
        {
            switch (id)
            {
                case 1 when t == ThriftType.I32:
                    pageType = r.ReadI32(); // PageEncodingStats.1 page_type
                    break;
                case 2 when t == ThriftType.I32:
                    encoding = r.ReadI32(); // PageEncodingStats.2 encoding
                    break;
                case 3 when t == ThriftType.I32:
                    count = r.ReadI32(); // PageEncodingStats.3 count
                    break;
                default:
                    r.Skip(t);
                    break;
            }
        }

        r.StructEnd();
        return new((PageType)pageType, (ParquetEncoding)encoding, count);
    }

    private static Statistics ReadStatistics(ThriftCompactReader r)
    {
        var s = new Statistics();
        r.StructBegin();
        while (r.FieldBegin(out var t, out var id))
        {
            var isBool = t is ThriftType.BooleanTrue or ThriftType.BooleanFalse;
            switch (id)
            {
                case 1 when t == ThriftType.Binary: s.Max = r.ReadBinary(); break; // Statistics.1 max
                case 2 when t == ThriftType.Binary: s.Min = r.ReadBinary(); break; // Statistics.2 min
                case 3 when t == ThriftType.I64: s.NullCount = r.ReadI64(); break; // Statistics.3 null_count
                case 4 when t == ThriftType.I64: s.DistinctCount = r.ReadI64(); break; // Statistics.4 distinct_count
                case 5 when t == ThriftType.Binary: s.MaxValue = r.ReadBinary(); break; // Statistics.5 max_value
                case 6 when t == ThriftType.Binary: s.MinValue = r.ReadBinary(); break; // Statistics.6 min_value
                case 7 when isBool: s.IsMaxValueExact = r.ReadBoolField(t); break; // Statistics.7 is_max_value_exact
                case 8 when isBool: s.IsMinValueExact = r.ReadBoolField(t); break; // Statistics.8 is_min_value_exact
                case 9 when t == ThriftType.I64: s.NanCount = r.ReadI64(); break; // Statistics.9 nan_count
                default: r.Skip(t); break;
            }
        }

        r.StructEnd();
        return s;
    }

    private static int ListOfStructs(ThriftCompactReader r)
    {
        r.ListBegin(out var et, out var n);
        if (et != ThriftType.Struct && n > 0)
        {
            throw r.Error(string.Create(CultureInfo.InvariantCulture, $"expected a Thrift list of structs, found element type {(int)et}"));
        }

        return n;
    }

    private static void Require(bool condition, long offset, string problem)
    {
        if (!condition)
        {
            throw new ParquetFormatException(offset, problem);
        }
    }
}
