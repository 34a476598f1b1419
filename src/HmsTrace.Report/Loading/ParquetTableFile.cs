using System.Globalization;
using HmsTrace.Parquet;

namespace HmsTrace.Report.Loading;

/// <summary>
/// One Parquet file of a result table, read whole column by column (row groups concatenated). Missing columns and
/// unreadable files become <see cref="InputException"/>s that name the file.
/// </summary>
internal sealed class ParquetTableFile : IDisposable
{
    private readonly ParquetReader _reader;

    private ParquetTableFile(string path, string relativePath, ParquetReader reader)
    {
        Path = path;
        RelativePath = relativePath;
        _reader = reader;
        RowCount = checked((int)reader.RowCount);
    }

    /// <summary>Full path of the file.</summary>
    public string Path { get; }

    /// <summary>Path relative to the dataset root, with '/' separators.</summary>
    public string RelativePath { get; }

    /// <summary>Rows in the file.</summary>
    public int RowCount { get; }

    public static ParquetTableFile Open(string path, string relativePath)
    {
        FileStream? stream = null;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            var reader = ParquetReader.Open(stream);
            stream = null;
            return new ParquetTableFile(path, relativePath, reader);
        }
        catch (ParquetFormatException e)
        {
            throw InputException.In(path, $"is not a readable Parquet file: {e.Message}", "Delete it or re-run the replay that wrote it", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw InputException.In(path, $"cannot be read: {e.Message}", null, e);
        }
        finally
        {
            stream?.Dispose();
        }
    }

    public bool Has(string column) => _reader.Schema.IndexOf(column) >= 0;

    public long[] Longs(string column)
    {
        var index = Column(column, ParquetPhysicalType.Int64);
        var result = new long[RowCount];
        var at = 0;
        for (var g = 0; g < _reader.RowGroups.Count; g++)
        {
            var values = Read(() => _reader.ReadInt64(g, index));
            values.Values.CopyTo(result, at);
            at += values.Count;
        }

        return result;
    }

    public double[] Doubles(string column)
    {
        var index = Column(column, ParquetPhysicalType.Double);
        var result = new double[RowCount];
        var at = 0;
        for (var g = 0; g < _reader.RowGroups.Count; g++)
        {
            var values = Read(() => _reader.ReadDouble(g, index));
            values.Values.CopyTo(result, at);
            at += values.Count;
        }

        return result;
    }

    public bool[] Booleans(string column)
    {
        var index = Column(column, ParquetPhysicalType.Boolean);
        var result = new bool[RowCount];
        var at = 0;
        for (var g = 0; g < _reader.RowGroups.Count; g++)
        {
            var values = Read(() => _reader.ReadBoolean(g, index));
            values.Values.CopyTo(result, at);
            at += values.Count;
        }

        return result;
    }

    public string?[] Strings(string column)
    {
        var index = Column(column, ParquetPhysicalType.ByteArray);
        var result = new string?[RowCount];
        var at = 0;
        for (var g = 0; g < _reader.RowGroups.Count; g++)
        {
            var values = Read(() => _reader.ReadString(g, index));
            values.Values.CopyTo(result, at);
            at += values.Count;
        }

        return result;
    }

    private int Column(string name, ParquetPhysicalType type)
    {
        var index = _reader.Schema.IndexOf(name);
        if (index < 0)
        {
            throw InputException.In(Path, $"has no column '{name}'", "The file was written by another HmsTrace version or is not a result table; re-run the replay");
        }

        if (_reader.Schema[index].PhysicalType != type)
        {
            throw InputException.In(Path, string.Create(CultureInfo.InvariantCulture, $"column '{name}' is {_reader.Schema[index].PhysicalType}, expected {type}"), "Re-run the replay that wrote it");
        }

        return index;
    }

    private T Read<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ParquetFormatException e)
        {
            throw InputException.In(Path, $"is corrupt: {e.Message}", "Delete it or re-run the replay that wrote it", e);
        }
    }

    public void Dispose() => _reader.Dispose();
}
