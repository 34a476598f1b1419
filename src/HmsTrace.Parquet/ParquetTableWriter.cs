namespace HmsTrace.Parquet;

/// <summary>
/// Row-at-a-time writer over <see cref="ParquetWriter"/>: set each column of a row, call <see cref="EndRow"/>, and
/// every <see cref="ParquetWriterOptions.RowGroupSize"/> rows a row group is encoded and written. Columns not set in a
/// row are null (an error for required columns). <see cref="Dispose"/> writes the last row group and the footer.
/// Buffers are per-column arrays reused between row groups (no per-value allocation except for strings the caller
/// made). Not thread-safe.
/// </summary>
public sealed class ParquetTableWriter : IDisposable
{
    private readonly ParquetWriter _writer;
    private readonly int _rowGroupSize;
    private readonly Array[] _values;
    private readonly bool[][] _defined;
    private readonly int _columns;
    private int _rows;
    private int _capacity;
    private bool _disposed;

    private ParquetTableWriter(ParquetWriter writer)
    {
        _writer = writer;
        _rowGroupSize = writer.Options.RowGroupSize;
        _columns = writer.Schema.Count;
        _values = new Array[_columns];
        _defined = new bool[_columns][];
        _capacity = Math.Min(_rowGroupSize, 4096);
        for (var c = 0; c < _columns; c++)
        {
            _values[c] = NewArray(writer.Schema[c].PhysicalType, _capacity);
            _defined[c] = new bool[_capacity];
        }
    }

    /// <summary>The columns.</summary>
    public ParquetSchema Schema => _writer.Schema;

    /// <summary>Rows ended so far (written or buffered).</summary>
    public long RowCount => _writer.RowCount + _rows;

    /// <summary>Starts a file on <paramref name="stream"/>; see <see cref="ParquetWriter.Create"/>.</summary>
    public static ParquetTableWriter Create(Stream stream, ParquetSchema schema, ParquetWriterOptions? options = null)
        => new(ParquetWriter.Create(stream, schema, options));

    /// <summary>Sets an INT64 (or TIMESTAMP) column of the current row.</summary>
    public void SetInt64(int column, long value) => Slot<long>(column, ParquetPhysicalType.Int64)[_rows] = value;

    /// <summary>Sets an INT32 column of the current row.</summary>
    public void SetInt32(int column, int value) => Slot<int>(column, ParquetPhysicalType.Int32)[_rows] = value;

    /// <summary>Sets a DOUBLE column of the current row.</summary>
    public void SetDouble(int column, double value) => Slot<double>(column, ParquetPhysicalType.Double)[_rows] = value;

    /// <summary>Sets a BOOLEAN column of the current row.</summary>
    public void SetBoolean(int column, bool value) => Slot<bool>(column, ParquetPhysicalType.Boolean)[_rows] = value;

    /// <summary>Sets a STRING column of the current row; null means null.</summary>
    public void SetString(int column, string? value)
    {
        if (value is null)
        {
            SetNull(column);
            return;
        }

        Slot<string?>(column, ParquetPhysicalType.ByteArray)[_rows] = value;
    }

    /// <summary>Marks a column of the current row null (the default for columns not set).</summary>
    public void SetNull(int column)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)column, (uint)_columns, nameof(column));
        _defined[column][_rows] = false;
    }

    /// <summary>Completes the current row; writes a row group when it is full.</summary>
    /// <exception cref="InvalidOperationException">A required column was not set in this row.</exception>
    public void EndRow()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (var c = 0; c < _columns; c++)
        {
            if (!_defined[c][_rows] && !_writer.Schema[c].IsOptional)
            {
                throw new InvalidOperationException($"Required column '{_writer.Schema[c].Name}' was not set in row {RowCount}.");
            }
        }

        _rows++;
        if (_rows == _rowGroupSize)
        {
            Flush();
        }
        else if (_rows == _capacity)
        {
            Grow();
        }
    }

    /// <summary>Writes the buffered rows as a row group now (no-op when none are buffered).</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_rows == 0)
        {
            return;
        }

        using (var rg = _writer.CreateRowGroup())
        {
            for (var c = 0; c < _columns; c++)
            {
                var def = _writer.Schema[c].IsOptional ? _defined[c].AsSpan(0, _rows) : default;
                switch (_values[c])
                {
                    case long[] l: rg.WriteColumn(c, l.AsSpan(0, _rows), def); break;
                    case int[] n: rg.WriteColumn(c, n.AsSpan(0, _rows), def); break;
                    case double[] d: rg.WriteColumn(c, d.AsSpan(0, _rows), def); break;
                    case bool[] b: rg.WriteColumn(c, b.AsSpan(0, _rows), def); break;
                    case string?[] s:
                        for (var i = 0; i < _rows; i++)
                        {
                            if (!_defined[c][i])
                            {
                                s[i] = null;
                            }
                        }

                        rg.WriteColumn(c, (ReadOnlySpan<string?>)s.AsSpan(0, _rows));
                        Array.Clear(s, 0, _rows);
                        break;
                }
            }
        }

        for (var c = 0; c < _columns; c++)
        {
            Array.Clear(_defined[c], 0, _rows);
        }

        _rows = 0;
    }

    private T[] Slot<T>(int column, ParquetPhysicalType expected)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)column, (uint)_columns, nameof(column));
        if (_values[column] is not T[] array)
        {
            throw new ArgumentException($"Column {column} '{_writer.Schema[column].Name}' is {_writer.Schema[column].PhysicalType}, not {expected}.", nameof(column));
        }

        _defined[column][_rows] = true;
        return array;
    }

    private void Grow()
    {
        var next = (int)Math.Min((long)_capacity * 2, _rowGroupSize);
        for (var c = 0; c < _columns; c++)
        {
            var bigger = NewArray(_writer.Schema[c].PhysicalType, next);
            Array.Copy(_values[c], bigger, _capacity);
            _values[c] = bigger;
            Array.Resize(ref _defined[c], next);
        }

        _capacity = next;
    }

    private static Array NewArray(ParquetPhysicalType type, int length) => type switch
    {
        ParquetPhysicalType.Boolean => new bool[length],
        ParquetPhysicalType.Int32 => new int[length],
        ParquetPhysicalType.Int64 => new long[length],
        ParquetPhysicalType.Double => new double[length],
        _ => new string?[length],
    };

    /// <summary>Writes buffered rows and the footer. The stream stays open.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        Flush();
        _disposed = true;
        _writer.Dispose();
    }
}
