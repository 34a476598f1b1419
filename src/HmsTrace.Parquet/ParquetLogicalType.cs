using System.Globalization;

namespace HmsTrace.Parquet;

/// <summary>
/// A logical type annotation (LogicalTypes.md): what the physical values mean. Immutable value; create one with
/// <see cref="String"/>, <see cref="Integer"/> or <see cref="Timestamp"/>.
/// </summary>
public readonly record struct ParquetLogicalType
{
    private ParquetLogicalType(ParquetLogicalTypeKind kind, int bitWidth, bool isSigned, ParquetTimeUnit unit, bool isAdjustedToUtc)
    {
        Kind = kind;
        BitWidth = bitWidth;
        IsSigned = isSigned;
        Unit = unit;
        IsAdjustedToUtc = isAdjustedToUtc;
    }

    /// <summary>No annotation (the default value of this struct).</summary>
    public static ParquetLogicalType None => default;

    /// <summary>UTF-8 text (annotates BYTE_ARRAY).</summary>
    public static ParquetLogicalType String => new(ParquetLogicalTypeKind.String, 0, false, default, false);

    /// <summary>Which annotation this is.</summary>
    public ParquetLogicalTypeKind Kind { get; }

    /// <summary>For <see cref="ParquetLogicalTypeKind.Integer"/>: 8, 16, 32 or 64.</summary>
    public int BitWidth { get; }

    /// <summary>For <see cref="ParquetLogicalTypeKind.Integer"/>: whether values are signed (statistics use unsigned order otherwise).</summary>
    public bool IsSigned { get; }

    /// <summary>For <see cref="ParquetLogicalTypeKind.Timestamp"/>: the unit.</summary>
    public ParquetTimeUnit Unit { get; }

    /// <summary>For <see cref="ParquetLogicalTypeKind.Timestamp"/>: true for instants (UTC), false for local date-times.</summary>
    public bool IsAdjustedToUtc { get; }

    /// <summary>An integer annotation (annotates INT32 for widths up to 32, INT64 for 64).</summary>
    /// <param name="bitWidth">8, 16, 32 or 64.</param>
    /// <param name="isSigned">Whether the values are signed.</param>
    public static ParquetLogicalType Integer(int bitWidth, bool isSigned = true)
    {
        if (bitWidth is not (8 or 16 or 32 or 64))
        {
            throw new ArgumentOutOfRangeException(nameof(bitWidth), bitWidth, "An INTEGER logical type has a bit width of 8, 16, 32 or 64.");
        }

        return new(ParquetLogicalTypeKind.Integer, bitWidth, isSigned, default, false);
    }

    /// <summary>A timestamp annotation (annotates INT64).</summary>
    /// <param name="unit">Milliseconds, microseconds or nanoseconds since the Unix epoch.</param>
    /// <param name="isAdjustedToUtc">True (the default) for instants; false for local date-times.</param>
    public static ParquetLogicalType Timestamp(ParquetTimeUnit unit, bool isAdjustedToUtc = true)
    {
        if (unit is not (ParquetTimeUnit.Millis or ParquetTimeUnit.Micros or ParquetTimeUnit.Nanos))
        {
            throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown time unit.");
        }

        return new(ParquetLogicalTypeKind.Timestamp, 0, false, unit, isAdjustedToUtc);
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ParquetLogicalTypeKind.String => "STRING",
        ParquetLogicalTypeKind.Integer => string.Create(CultureInfo.InvariantCulture, $"INTEGER({BitWidth},{(IsSigned ? "signed" : "unsigned")})"),
        ParquetLogicalTypeKind.Timestamp => string.Create(CultureInfo.InvariantCulture, $"TIMESTAMP({Unit.ToString().ToUpperInvariant()},{(IsAdjustedToUtc ? "UTC" : "local")})"),
        _ => "NONE",
    };
}
