namespace HmsTrace.Parquet.Reading;

/// <summary>
/// One column chunk after decoding: definition flags per row and the non-null values in row order. Fixed-width values
/// are widened to 64 bits (INT32 sign-extended, DOUBLE as bit pattern, BOOLEAN as 0/1); byte arrays are value i =
/// <c>Data[Offsets[i]..Offsets[i + 1]]</c>.
/// </summary>
internal sealed class DecodedColumn
{
    public int RowCount { get; init; }

    /// <summary>Null when every row has a value.</summary>
    public bool[]? Defined { get; init; }

    public int ValueCount { get; init; }

    public long[]? Fixed { get; init; }

    public byte[]? Data { get; init; }

    public int[]? Offsets { get; init; }
}
