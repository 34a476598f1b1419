namespace HmsTrace.Parquet;

/// <summary>
/// One column of a flat Parquet schema: its name, physical and logical type, nullability and an encoding hint.
/// Immutable. The static factories (<see cref="Int64"/>, <see cref="String"/>, ...) cover the usual combinations.
/// </summary>
public sealed record ParquetField
{
    /// <summary>Creates a field and checks that the logical type fits the physical type.</summary>
    /// <param name="name">Column name (non-empty; snake_case by house convention).</param>
    /// <param name="physicalType">Storage type.</param>
    /// <param name="logicalType">Annotation, or <see cref="ParquetLogicalType.None"/>.</param>
    /// <param name="repetition">Required (no nulls) or optional.</param>
    /// <param name="encoding">Encoding hint for the writer.</param>
    public ParquetField(string name, ParquetPhysicalType physicalType, ParquetLogicalType logicalType = default,
        ParquetRepetition repetition = ParquetRepetition.Required, ParquetColumnEncoding encoding = ParquetColumnEncoding.Dictionary)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!Enum.IsDefined(physicalType))
        {
            throw new ArgumentOutOfRangeException(nameof(physicalType), physicalType, "Unsupported physical type.");
        }

        if (!Enum.IsDefined(repetition))
        {
            throw new ArgumentOutOfRangeException(nameof(repetition), repetition, "Unsupported repetition.");
        }

        if (!Enum.IsDefined(encoding))
        {
            throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Unsupported encoding hint.");
        }

        var fits = logicalType.Kind switch
        {
            ParquetLogicalTypeKind.None => true,
            ParquetLogicalTypeKind.String => physicalType == ParquetPhysicalType.ByteArray,
            ParquetLogicalTypeKind.Timestamp => physicalType == ParquetPhysicalType.Int64,
            ParquetLogicalTypeKind.Integer => logicalType.BitWidth == 64
                ? physicalType == ParquetPhysicalType.Int64
                : physicalType == ParquetPhysicalType.Int32,
            _ => false,
        };
        if (!fits)
        {
            throw new ArgumentException($"Logical type {logicalType} cannot annotate physical type {physicalType} (column '{name}').", nameof(logicalType));
        }

        if (encoding == ParquetColumnEncoding.DeltaBinaryPacked && physicalType is not (ParquetPhysicalType.Int32 or ParquetPhysicalType.Int64))
        {
            throw new ArgumentException($"DELTA_BINARY_PACKED applies to INT32 and INT64 columns only (column '{name}' is {physicalType}).", nameof(encoding));
        }

        Name = name;
        PhysicalType = physicalType;
        LogicalType = logicalType;
        Repetition = repetition;
        Encoding = encoding;
    }

    /// <summary>Column name.</summary>
    public string Name { get; }

    /// <summary>Storage type.</summary>
    public ParquetPhysicalType PhysicalType { get; }

    /// <summary>Logical annotation.</summary>
    public ParquetLogicalType LogicalType { get; }

    /// <summary>Required or optional.</summary>
    public ParquetRepetition Repetition { get; }

    /// <summary>Encoding hint for the writer (readers ignore it; files say how each page is encoded).</summary>
    public ParquetColumnEncoding Encoding { get; }

    /// <summary>Whether the column may hold nulls.</summary>
    public bool IsOptional => Repetition == ParquetRepetition.Optional;

    /// <summary>A BOOLEAN column.</summary>
    public static ParquetField Boolean(string name, bool optional = false)
        => new(name, ParquetPhysicalType.Boolean, default, Rep(optional), ParquetColumnEncoding.Plain);

    /// <summary>An INT32 column (annotated INTEGER(32, signed)).</summary>
    public static ParquetField Int32(string name, bool optional = false, ParquetColumnEncoding encoding = ParquetColumnEncoding.Dictionary)
        => new(name, ParquetPhysicalType.Int32, ParquetLogicalType.Integer(32), Rep(optional), encoding);

    /// <summary>An INT64 column (no annotation: plain signed 64-bit).</summary>
    public static ParquetField Int64(string name, bool optional = false, ParquetColumnEncoding encoding = ParquetColumnEncoding.Dictionary)
        => new(name, ParquetPhysicalType.Int64, default, Rep(optional), encoding);

    /// <summary>A DOUBLE column.</summary>
    public static ParquetField Double(string name, bool optional = false, ParquetColumnEncoding encoding = ParquetColumnEncoding.Dictionary)
        => new(name, ParquetPhysicalType.Double, default, Rep(optional), encoding);

    /// <summary>A UTF-8 STRING column (BYTE_ARRAY).</summary>
    public static ParquetField String(string name, bool optional = false, ParquetColumnEncoding encoding = ParquetColumnEncoding.Dictionary)
        => new(name, ParquetPhysicalType.ByteArray, ParquetLogicalType.String, Rep(optional), encoding);

    /// <summary>A TIMESTAMP column (INT64).</summary>
    public static ParquetField Timestamp(string name, ParquetTimeUnit unit, bool optional = false, ParquetColumnEncoding encoding = ParquetColumnEncoding.Dictionary)
        => new(name, ParquetPhysicalType.Int64, ParquetLogicalType.Timestamp(unit), Rep(optional), encoding);

    private static ParquetRepetition Rep(bool optional) => optional ? ParquetRepetition.Optional : ParquetRepetition.Required;
}
