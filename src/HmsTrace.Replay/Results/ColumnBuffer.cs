namespace HmsTrace.Replay.Results;

/// <summary>
/// Values of one column for a batch of rows, with a null flag per row for nullable columns.
/// Mutable; owned by one <see cref="TableBatch"/>.
/// </summary>
public sealed class ColumnBuffer
{
    private long[] _longs = [];
    private double[] _doubles = [];
    private bool[] _bools = [];
    private string?[] _strings = [];
    private bool[] _defined = [];

    private readonly int _capacity;

    internal ColumnBuffer(ResultColumn column, int capacity)
    {
        Column = column;
        _capacity = capacity;

        // Start small and grow by doubling up to the batch's capacity: a replay holds a batch per
        // table, and a sweep holds many replays at once, most of whose tables stay small.
        Allocate(Math.Min(capacity, InitialRows));
    }

    private const int InitialRows = 1024;

    /// <summary>The column described.</summary>
    public ResultColumn Column { get; }

    /// <summary>Integer values (Int64 and Int32 columns).</summary>
    public ReadOnlySpan<long> Longs(int count)
    {
        EnsureRows(count);
        return _longs.AsSpan(0, count);
    }

    /// <summary>Double values.</summary>
    public ReadOnlySpan<double> Doubles(int count)
    {
        EnsureRows(count);
        return _doubles.AsSpan(0, count);
    }

    /// <summary>Boolean values.</summary>
    public ReadOnlySpan<bool> Bools(int count)
    {
        EnsureRows(count);
        return _bools.AsSpan(0, count);
    }

    /// <summary>String values (null where undefined).</summary>
    public ReadOnlySpan<string?> Strings(int count)
    {
        EnsureRows(count);
        return _strings.AsSpan(0, count);
    }

    /// <summary>Per row: whether the value is present (always true for required columns).</summary>
    public ReadOnlySpan<bool> Defined(int count)
    {
        EnsureRows(count);
        return _defined.AsSpan(0, count);
    }

    internal void Set(int row, long value)
    {
        if ((uint)row >= (uint)_longs.Length)
        {
            Grow(row);
        }

        _longs[row] = value;
        _defined[row] = true;
    }

    internal void Set(int row, double value)
    {
        if ((uint)row >= (uint)_doubles.Length)
        {
            Grow(row);
        }

        _doubles[row] = value;
        _defined[row] = true;
    }

    internal void Set(int row, bool value)
    {
        if ((uint)row >= (uint)_bools.Length)
        {
            Grow(row);
        }

        _bools[row] = value;
        _defined[row] = true;
    }

    internal void Set(int row, string? value)
    {
        if (value is null && !Column.Nullable)
        {
            throw new ArgumentNullException(nameof(value), $"column {Column.Name} is required");
        }

        if ((uint)row >= (uint)_strings.Length)
        {
            Grow(row);
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

        if ((uint)row >= (uint)_defined.Length)
        {
            Grow(row);
        }

        _defined[row] = false;
    }

    /// <summary>Rows never set read as default values, as they did when buffers were allocated whole.</summary>
    private void EnsureRows(int count)
    {
        if (count > _defined.Length)
        {
            Grow(count - 1);
        }
    }

    private void Grow(int row)
    {
        if (row >= _capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(row), $"row {row} is beyond the batch's capacity of {_capacity}");
        }

        var size = _defined.Length;
        while (size <= row)
        {
            size = (int)Math.Min((long)size * 2, _capacity);
        }

        Allocate(size);
    }

    private void Allocate(int size)
    {
        switch (Column.Type)
        {
            case ColumnType.Int64:
            case ColumnType.Int32:
                Array.Resize(ref _longs, size);
                break;
            case ColumnType.Double:
                Array.Resize(ref _doubles, size);
                break;
            case ColumnType.Boolean:
                Array.Resize(ref _bools, size);
                break;
            case ColumnType.String:
                Array.Resize(ref _strings, size);
                break;
        }

        Array.Resize(ref _defined, size);
    }
}
