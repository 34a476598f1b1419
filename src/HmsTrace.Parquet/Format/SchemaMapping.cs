using System.Globalization;

namespace HmsTrace.Parquet.Format;

/// <summary>Maps a flat <see cref="ParquetSchema"/> to and from the footer's depth-first SchemaElement list.</summary>
internal static class SchemaMapping
{
    private const string RootName = "schema";

    public static List<SchemaElement> ToElements(ParquetSchema schema)
    {
        var list = new List<SchemaElement>(schema.Count + 1)
        {
            new() { Name = RootName, NumChildren = schema.Count },
        };
        foreach (var f in schema.Fields)
        {
            list.Add(new SchemaElement
            {
                Type = (int)f.PhysicalType,
                RepetitionType = (int)f.Repetition,
                Name = f.Name,
                ConvertedType = (int?)ToConvertedType(f.LogicalType),
                LogicalType = f.LogicalType.Kind == ParquetLogicalTypeKind.None ? null : f.LogicalType,
            });
        }

        return list;
    }

    /// <summary>LogicalTypes.md: writers also set the matching ConvertedType for older readers.</summary>
    private static ConvertedType? ToConvertedType(ParquetLogicalType t) => t.Kind switch
    {
        ParquetLogicalTypeKind.String => ConvertedType.Utf8,
        ParquetLogicalTypeKind.Integer => (t.BitWidth, t.IsSigned) switch
        {
            (8, true) => ConvertedType.Int8,
            (16, true) => ConvertedType.Int16,
            (32, true) => ConvertedType.Int32,
            (64, true) => ConvertedType.Int64,
            (8, false) => ConvertedType.UInt8,
            (16, false) => ConvertedType.UInt16,
            (32, false) => ConvertedType.UInt32,
            _ => ConvertedType.UInt64,
        },
        ParquetLogicalTypeKind.Timestamp when t.IsAdjustedToUtc && t.Unit == ParquetTimeUnit.Millis => ConvertedType.TimestampMillis,
        ParquetLogicalTypeKind.Timestamp when t.IsAdjustedToUtc && t.Unit == ParquetTimeUnit.Micros => ConvertedType.TimestampMicros,
        _ => null,
    };

    public static ParquetSchema FromElements(List<SchemaElement> elements, long footerOffset)
    {
        if (elements.Count < 2)
        {
            throw new ParquetFormatException(footerOffset, "the schema has no columns");
        }

        var root = elements[0];
        if (root.NumChildren != elements.Count - 1)
        {
            throw new ParquetFormatException(footerOffset, string.Create(CultureInfo.InvariantCulture,
                $"the schema is nested (root has {root.NumChildren} children for {elements.Count - 1} elements); only flat schemas are supported"));
        }

        var fields = new List<ParquetField>(elements.Count - 1);
        for (var i = 1; i < elements.Count; i++)
        {
            var e = elements[i];
            if (e.NumChildren is > 0 || e.Type is null)
            {
                throw new ParquetFormatException(footerOffset, $"column '{e.Name}' is a group; only flat schemas are supported");
            }

            if (e.RepetitionType is not (null or 0 or 1))
            {
                throw new ParquetFormatException(footerOffset, $"column '{e.Name}' is repeated; only flat schemas are supported");
            }

            if (e.Type is not (0 or 1 or 2 or 5 or 6))
            {
                throw new ParquetFormatException(footerOffset, string.Create(CultureInfo.InvariantCulture,
                    $"column '{e.Name}' has physical type {PhysicalTypeName(e.Type.Value)}, which this reader does not support (BOOLEAN, INT32, INT64, DOUBLE, BYTE_ARRAY)"));
            }

            var physical = (ParquetPhysicalType)e.Type.Value;
            var logical = e.LogicalType ?? FromConvertedType(e.ConvertedType);
            if (!Fits(logical, physical))
            {
                logical = ParquetLogicalType.None;
            }

            var repetition = e.RepetitionType == 1 ? ParquetRepetition.Optional : ParquetRepetition.Required;
            var hint = physical == ParquetPhysicalType.Boolean ? ParquetColumnEncoding.Plain : ParquetColumnEncoding.Dictionary;
            fields.Add(new ParquetField(e.Name.Length == 0 ? "_" + i.ToString(CultureInfo.InvariantCulture) : e.Name, physical, logical, repetition, hint));
        }

        try
        {
            return new ParquetSchema(fields);
        }
        catch (ArgumentException ex)
        {
            throw new ParquetFormatException(footerOffset, "the schema is invalid: " + ex.Message, ex);
        }
    }

    private static ParquetLogicalType FromConvertedType(int? converted) => (ConvertedType?)converted switch
    {
        ConvertedType.Utf8 => ParquetLogicalType.String,
        ConvertedType.TimestampMillis => ParquetLogicalType.Timestamp(ParquetTimeUnit.Millis),
        ConvertedType.TimestampMicros => ParquetLogicalType.Timestamp(ParquetTimeUnit.Micros),
        ConvertedType.Int8 => ParquetLogicalType.Integer(8),
        ConvertedType.Int16 => ParquetLogicalType.Integer(16),
        ConvertedType.Int32 => ParquetLogicalType.Integer(32),
        ConvertedType.Int64 => ParquetLogicalType.Integer(64),
        ConvertedType.UInt8 => ParquetLogicalType.Integer(8, false),
        ConvertedType.UInt16 => ParquetLogicalType.Integer(16, false),
        ConvertedType.UInt32 => ParquetLogicalType.Integer(32, false),
        ConvertedType.UInt64 => ParquetLogicalType.Integer(64, false),
        _ => ParquetLogicalType.None,
    };

    private static bool Fits(ParquetLogicalType t, ParquetPhysicalType p) => t.Kind switch
    {
        ParquetLogicalTypeKind.None => true,
        ParquetLogicalTypeKind.String => p == ParquetPhysicalType.ByteArray,
        ParquetLogicalTypeKind.Timestamp => p == ParquetPhysicalType.Int64,
        ParquetLogicalTypeKind.Integer => t.BitWidth == 64 ? p == ParquetPhysicalType.Int64 : p == ParquetPhysicalType.Int32,
        _ => false,
    };

    private static string PhysicalTypeName(int type) => type switch
    {
        3 => "INT96",
        4 => "FLOAT",
        7 => "FIXED_LEN_BYTE_ARRAY",
        _ => "#" + type.ToString(CultureInfo.InvariantCulture),
    };
}
