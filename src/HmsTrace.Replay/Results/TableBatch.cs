namespace HmsTrace.Replay.Results;

/// <summary>
/// A batch of rows of one table, stored column by column (the shape Parquet row groups want).
/// Rows are appended with <see cref="Row"/> and the typed setters. Mutable; one writer at a time.
/// </summary>
public sealed class TableBatch
{
    private readonly ColumnBuffer[] _columns;

    /// <summary>Creates an empty batch with room for <paramref name="capacity"/> rows.</summary>
    public TableBatch(TableSchema schema, int capacity)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Schema = schema;
        Capacity = capacity;
        _columns = new ColumnBuffer[schema.Columns.Count];
        for (var i = 0; i < _columns.Length; i++)
        {
            _columns[i] = new ColumnBuffer(schema.Columns[i], capacity);
        }
    }

    /// <summary>The table's schema.</summary>
    public TableSchema Schema { get; }

    /// <summary>Most rows the batch holds.</summary>
    public int Capacity { get; }

    /// <summary>Rows appended so far.</summary>
    public int Count { get; private set; }

    /// <summary>Whether the batch is full.</summary>
    public bool IsFull => Count == Capacity;

    /// <summary>The values of column <paramref name="index"/>.</summary>
    public ColumnBuffer Column(int index) => _columns[index];

    /// <summary>Forgets the rows, keeping the column arrays for the next ones (every row sets every column).</summary>
    internal void Clear() => Count = 0;

    /// <summary>Starts a new row and returns its index; set every column of it before the next call.</summary>
    public int Row()
    {
        if (Count == Capacity)
        {
            throw new InvalidOperationException("the batch is full");
        }

        return Count++;
    }

    /// <summary>Sets an integer column.</summary>
    public void Set(int row, int column, long value) => _columns[column].Set(row, value);

    /// <summary>Sets a double column.</summary>
    public void Set(int row, int column, double value) => _columns[column].Set(row, value);

    /// <summary>Sets a boolean column.</summary>
    public void Set(int row, int column, bool value) => _columns[column].Set(row, value);

    /// <summary>Sets a string column (null only for nullable columns).</summary>
    public void Set(int row, int column, string? value) => _columns[column].Set(row, value);

    /// <summary>Sets string column <paramref name="column"/> of every row so far to <paramref name="value"/>.</summary>
    public void Fill(int column, string value)
    {
        for (var r = 0; r < Count; r++)
        {
            _columns[column].Set(r, value);
        }
    }

    /// <summary>Sets a nullable column to null.</summary>
    public void SetNull(int row, int column) => _columns[column].SetNull(row);
}
