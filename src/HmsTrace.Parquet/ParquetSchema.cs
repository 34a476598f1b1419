namespace HmsTrace.Parquet;

/// <summary>A flat Parquet schema: an ordered list of uniquely named columns. Immutable.</summary>
public sealed class ParquetSchema
{
    private readonly ParquetField[] _fields;

    /// <summary>Creates a schema from its columns, in file order.</summary>
    /// <exception cref="ArgumentException">No fields, or two fields share a name.</exception>
    public ParquetSchema(params IEnumerable<ParquetField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _fields = [.. fields];
        if (_fields.Length == 0)
        {
            throw new ArgumentException("A schema needs at least one field.", nameof(fields));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in _fields)
        {
            ArgumentNullException.ThrowIfNull(f, nameof(fields));
            if (!names.Add(f.Name))
            {
                throw new ArgumentException($"Two fields are named '{f.Name}'.", nameof(fields));
            }
        }
    }

    /// <summary>The columns in file order.</summary>
    public IReadOnlyList<ParquetField> Fields => _fields;

    /// <summary>Number of columns.</summary>
    public int Count => _fields.Length;

    /// <summary>The column at <paramref name="index"/>.</summary>
    public ParquetField this[int index] => _fields[index];

    /// <summary>Index of the column named <paramref name="name"/> (ordinal comparison), or -1.</summary>
    public int IndexOf(string name)
    {
        for (var i = 0; i < _fields.Length; i++)
        {
            if (string.Equals(_fields[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
