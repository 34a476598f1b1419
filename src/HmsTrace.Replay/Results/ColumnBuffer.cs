namespace HmsTrace.Replay.Results;

/// <summary>
/// Values of one column for a batch of rows, with a null flag per row for nullable columns.
/// Mutable; owned by one <see cref="TableBatch"/>.
/// </summary>
public sealed class ColumnBuffer
{
    private readonly long[] _longs = [];
    private readonly double[] _doubles = [];
    private readonly bool[] _bools = [];
    private readonly string?[] _strings = [];
    private readonly bool[] _defined = [];

    internal ColumnBuffer(ResultColumn column, int capacity)
    {
        Column = column;
        switch (column.Type)
        {
            case ColumnType.Int64:
            case ColumnType.Int32:
                _longs = new long[capacity];
                break;
            case ColumnType.Double:
                _doubles = new double[capacity];
                break;
            case ColumnType.Boolean:
                _bools = new bool[capacity];
                break;
            case ColumnType.String:
                _strings = new string?[capacity];
                break;
        }

        _defined = new bool[capacity];
    }

    /// <summary>The column described.</summary>
    public ResultColumn Column { get; }

    /// <summary>Integer values (Int64 and Int32 columns).</summary>
    public ReadOnlySpan<long> Longs(int count) => _longs.AsSpan(0, count);

    /// <summary>Double values.</summary>
    public ReadOnlySpan<double> Doubles(int count) => _doubles.AsSpan(0, count);

    /// <summary>Boolean values.</summary>
    public ReadOnlySpan<bool> Bools(int count) => _bools.AsSpan(0, count);

    /// <summary>String values (null where undefined).</summary>
    public ReadOnlySpan<string?> Strings(int count) => _strings.AsSpan(0, count);

    /// <summary>Per row: whether the value is present (always true for required columns).</summary>
    public ReadOnlySpan<bool> Defined(int count) => _defined.AsSpan(0, count);

    internal void Set(int row, long value)
    {
        _longs[row] = value;
        _defined[row] = true;
    }

    internal void Set(int row, double value)
    {
        _doubles[row] = value;
        _defined[row] = true;
    }

    internal void Set(int row, bool value)
    {
        _bools[row] = value;
        _defined[row] = true;
    }

    internal void Set(int row, string? value)
    {
        if (value is null && !Column.Nullable)
        {
            throw new ArgumentNullException(nameof(value), $"column {Column.Name} is required");
        }

        _strings[row] = value;
        _defined[row] = value is not null;
    }

    internal void SetNull(int row)
    {
        if (!Column.Nullable)
        {
            throw new InvalidOperationException($"column {Column.Name} is required");
        }

        _defined[row] = false;
    }
}
