using System.Buffers;
using System.Text;
using HmsTrace.Parquet.Buffers;
using HmsTrace.Parquet.Writing;

namespace HmsTrace.Parquet;

/// <summary>
/// Writes one row group: call a <c>WriteColumn</c> overload once per column (any order, same row count), then
/// <see cref="Dispose"/>. Each call encodes and compresses its column at once, so the caller's buffers can be reused
/// as soon as it returns. Values are one per row; for optional columns <c>defined</c> (same length) marks non-null
/// rows, and values at undefined rows are ignored; an empty <c>defined</c> means every row has a value.
/// Not thread-safe.
/// </summary>
public sealed class ParquetRowGroupWriter : IDisposable
{
    private readonly ParquetWriter _writer;
    private readonly EncodedColumnChunk?[] _chunks;
    private int _rowCount = -1;
    private bool _done;

    internal ParquetRowGroupWriter(ParquetWriter writer)
    {
        _writer = writer;
        _chunks = new EncodedColumnChunk?[writer.Schema.Count];
    }

    /// <summary>Rows in this row group (set by the first column written; 0 before).</summary>
    public int RowCount => Math.Max(0, _rowCount);

    /// <summary>Writes a BOOLEAN column.</summary>
    public void WriteColumn(int column, ReadOnlySpan<bool> values, ReadOnlySpan<bool> defined = default)
    {
        var (field, def, compact, count) = Stage(column, ParquetPhysicalType.Boolean, values.Length, defined);
        for (int i = 0, j = 0; i < values.Length; i++)
        {
            if (def is null || def[i] != 0)
            {
                compact[j++] = values[i] ? 1 : 0;
            }
        }

        EncodeFixed(column, field, values.Length, def, compact, count);
    }

    /// <summary>Writes an INT32 column.</summary>
    public void WriteColumn(int column, ReadOnlySpan<int> values, ReadOnlySpan<bool> defined = default)
    {
        var (field, def, compact, count) = Stage(column, ParquetPhysicalType.Int32, values.Length, defined);
        if (def is null)
        {
            for (var i = 0; i < values.Length; i++)
            {
                compact[i] = values[i];
            }
        }
        else
        {
            for (int i = 0, j = 0; i < values.Length; i++)
            {
                if (def[i] != 0)
                {
                    compact[j++] = values[i];
                }
            }
        }

        EncodeFixed(column, field, values.Length, def, compact, count);
    }

    /// <summary>Writes an INT64 column (also TIMESTAMP columns).</summary>
    public void WriteColumn(int column, ReadOnlySpan<long> values, ReadOnlySpan<bool> defined = default)
    {
        var (field, def, compact, count) = Stage(column, ParquetPhysicalType.Int64, values.Length, defined);
        if (def is null)
        {
            values.CopyTo(compact);
        }
        else
        {
            for (int i = 0, j = 0; i < values.Length; i++)
            {
                if (def[i] != 0)
                {
                    compact[j++] = values[i];
                }
            }
        }

        EncodeFixed(column, field, values.Length, def, compact, count);
    }

    /// <summary>Writes a DOUBLE column. NaN and infinities are stored as they are.</summary>
    public void WriteColumn(int column, ReadOnlySpan<double> values, ReadOnlySpan<bool> defined = default)
    {
        var (field, def, compact, count) = Stage(column, ParquetPhysicalType.Double, values.Length, defined);
        for (int i = 0, j = 0; i < values.Length; i++)
        {
            if (def is null || def[i] != 0)
            {
                compact[j++] = BitConverter.DoubleToInt64Bits(values[i]);
            }
        }

        EncodeFixed(column, field, values.Length, def, compact, count);
    }

    /// <summary>Writes a BYTE_ARRAY (STRING) column from .NET strings (UTF-8 encoded); null marks a null row.</summary>
    /// <exception cref="ArgumentException">A required column holds a null.</exception>
    public void WriteColumn(int column, ReadOnlySpan<string?> values)
    {
        var field = CheckColumn(column, ParquetPhysicalType.ByteArray, values.Length);
        var rows = values.Length;
        var def = field.IsOptional ? ArrayPool<int>.Shared.Rent(Math.Max(1, rows)) : null;
        var offsets = ArrayPool<int>.Shared.Rent(rows + 1);
        using var arena = new ByteBuffer(Math.Max(256, rows * 8));
        try
        {
            var count = 0;
            offsets[0] = 0;
            string? previous = null;
            int previousStart = 0, previousLength = 0;
            for (var i = 0; i < rows; i++)
            {
                var s = values[i];
                if (s is null)
                {
                    if (def is null)
                    {
                        throw new ArgumentException($"Row {i} of required column '{field.Name}' is null.", nameof(values));
                    }

                    def[i] = 0;
                    continue;
                }

                if (def is not null)
                {
                    def[i] = 1;
                }

                if (ReferenceEquals(s, previous))
                {
                    // Result rows repeat the same string instances (reasons, outcomes): reuse the bytes.
                    arena.Write(arena.WrittenSpan.Slice(previousStart, previousLength));
                }
                else
                {
                    var start = arena.Length;
                    var n = Encoding.UTF8.GetBytes(s, arena.GetSpan(Encoding.UTF8.GetMaxByteCount(s.Length)));
                    arena.Advance(n);
                    previous = s;
                    previousStart = start;
                    previousLength = n;
                }

                offsets[++count] = arena.Length;
            }

            Store(column, _writer.Encoder.EncodeByteArrays(field, rows, def is null ? default : def.AsSpan(0, rows),
                arena.WrittenMemory, offsets.AsMemory(0, count + 1)), rows);
        }
        finally
        {
            if (def is not null)
            {
                ArrayPool<int>.Shared.Return(def);
            }

            ArrayPool<int>.Shared.Return(offsets);
        }
    }

    /// <summary>Writes a BYTE_ARRAY column from raw bytes (e.g. UTF-8 text the caller already encoded).</summary>
    public void WriteColumn(int column, ReadOnlySpan<ReadOnlyMemory<byte>> values, ReadOnlySpan<bool> defined = default)
    {
        var field = CheckColumn(column, ParquetPhysicalType.ByteArray, values.Length);
        var rows = values.Length;
        var def = StageLevels(field, rows, defined);
        var offsets = ArrayPool<int>.Shared.Rent(rows + 1);
        using var arena = new ByteBuffer(Math.Max(256, rows * 8));
        try
        {
            var count = 0;
            offsets[0] = 0;
            for (var i = 0; i < rows; i++)
            {
                if (def is null || def[i] != 0)
                {
                    arena.Write(values[i].Span);
                    offsets[++count] = arena.Length;
                }
            }

            Store(column, _writer.Encoder.EncodeByteArrays(field, rows, def is null ? default : def.AsSpan(0, rows),
                arena.WrittenMemory, offsets.AsMemory(0, count + 1)), rows);
        }
        finally
        {
            if (def is not null)
            {
                ArrayPool<int>.Shared.Return(def);
            }

            ArrayPool<int>.Shared.Return(offsets);
        }
    }

    private ParquetField CheckColumn(int column, ParquetPhysicalType expected, int rows)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, _chunks.Length);
        var field = _writer.Schema[column];
        if (field.PhysicalType != expected)
        {
            throw new ArgumentException($"Column {column} '{field.Name}' is {field.PhysicalType}; this overload writes {expected}.", nameof(column));
        }

        if (_chunks[column] is not null)
        {
            throw new InvalidOperationException($"Column {column} '{field.Name}' was already written in this row group.");
        }

        if (_rowCount >= 0 && rows != _rowCount)
        {
            throw new ArgumentException($"Column {column} '{field.Name}' has {rows} rows; other columns of this row group have {_rowCount}.", nameof(column));
        }

        return field;
    }

    /// <summary>Definition levels (1 = value, 0 = null) for an optional column, or null for a required one.</summary>
    private static int[]? StageLevels(ParquetField field, int rows, ReadOnlySpan<bool> defined)
    {
        if (!defined.IsEmpty && defined.Length != rows)
        {
            throw new ArgumentException($"Column '{field.Name}': {defined.Length} defined flags for {rows} values.", nameof(defined));
        }

        if (!field.IsOptional)
        {
            if (defined.Contains(false))
            {
                throw new ArgumentException($"Column '{field.Name}' is required but some rows are marked undefined.", nameof(defined));
            }

            return null;
        }

        var def = ArrayPool<int>.Shared.Rent(Math.Max(1, rows));
        for (var i = 0; i < rows; i++)
        {
            def[i] = defined.IsEmpty || defined[i] ? 1 : 0;
        }

        return def;
    }

    private (ParquetField Field, int[]? Def, long[] Compact, int Count) Stage(int column, ParquetPhysicalType expected, int rows, ReadOnlySpan<bool> defined)
    {
        var field = CheckColumn(column, expected, rows);
        var def = StageLevels(field, rows, defined);
        var count = rows;
        if (def is not null)
        {
            count = 0;
            for (var i = 0; i < rows; i++)
            {
                count += def[i];
            }
        }

        return (field, def, ArrayPool<long>.Shared.Rent(Math.Max(1, rows)), count);
    }

    private void EncodeFixed(int column, ParquetField field, int rows, int[]? def, long[] compact, int count)
    {
        try
        {
            Store(column, _writer.Encoder.EncodeFixed(field, rows, def is null ? default : def.AsSpan(0, rows), compact.AsMemory(0, count)), rows);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(compact);
            if (def is not null)
            {
                ArrayPool<int>.Shared.Return(def);
            }
        }
    }

    private void Store(int column, EncodedColumnChunk chunk, int rows)
    {
        _chunks[column] = chunk;
        _rowCount = rows;
    }

    /// <summary>
    /// Writes the row group to the file. A row group where no column was written, or with zero rows, is dropped.
    /// </summary>
    /// <exception cref="InvalidOperationException">Some but not all columns were written.</exception>
    public void Dispose()
    {
        if (_done)
        {
            return;
        }

        _done = true;
        try
        {
            var missing = new List<string>();
            var any = false;
            for (var i = 0; i < _chunks.Length; i++)
            {
                if (_chunks[i] is null)
                {
                    missing.Add(_writer.Schema[i].Name);
                }
                else
                {
                    any = true;
                }
            }

            if (!any || _rowCount == 0)
            {
                _writer.CompleteRowGroup(_chunks, 0);
                return;
            }

            if (missing.Count > 0)
            {
                _writer.AbandonRowGroup();
                throw new InvalidOperationException($"Row group incomplete: column(s) {string.Join(", ", missing)} were not written.");
            }

            _writer.CompleteRowGroup(_chunks, _rowCount);
        }
        finally
        {
            foreach (var c in _chunks)
            {
                c?.Dispose();
            }
        }
    }
}
