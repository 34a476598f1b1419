namespace HmsTrace.Replay.Results;

/// <summary>A result table's name, schema version and columns.</summary>
/// <param name="Name">Table name (runs, timings, epochs, migrations, ranges).</param>
/// <param name="Version">Schema version, written to the file's key-value metadata; bump on any column change.</param>
/// <param name="Columns">Columns in file order.</param>
public sealed record TableSchema(string Name, int Version, IReadOnlyList<ResultColumn> Columns)
{
    /// <summary>Index of the column named <paramref name="name"/>; throws if absent.</summary>
    public int IndexOf(string name)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Name == name)
            {
                return i;
            }
        }

        throw new KeyNotFoundException($"table {Name} has no column {name}");
    }
}
