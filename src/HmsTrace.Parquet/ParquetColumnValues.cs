namespace HmsTrace.Parquet;

/// <summary>
/// The values of one column chunk, one per row. For optional columns <see cref="Defined"/> marks non-null rows (values
/// at null rows are default); for required columns it is null. The arrays belong to the caller.
/// </summary>
/// <typeparam name="T">long, int, double, bool, string? or byte[]?.</typeparam>
public sealed class ParquetColumnValues<T>
{
    internal ParquetColumnValues(ParquetField field, T[] values, bool[]? defined)
    {
        Field = field;
        Values = values;
        Defined = defined;
    }

    /// <summary>The column.</summary>
    public ParquetField Field { get; }

    /// <summary>One value per row.</summary>
    public T[] Values { get; }

    /// <summary>Per row, whether it has a value; null when every row has one.</summary>
    public bool[]? Defined { get; }

    /// <summary>Number of rows.</summary>
    public int Count => Values.Length;

    /// <summary>Whether row <paramref name="row"/> is null.</summary>
    public bool IsNull(int row) => Defined is not null && !Defined[row];
}
