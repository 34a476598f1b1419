namespace HmsTrace.Cli.Tests;

/// <summary>A result dataset folder as its files' bytes, for comparing two sweeps.</summary>
internal static class ResultDataset
{
    /// <summary>
    /// Every file under <paramref name="root"/> by relative path ('/'-separated), except the
    /// <c>timings</c> table, which holds wall-clock times and is the one table that differs between runs.
    /// </summary>
    public static SortedDictionary<string, byte[]> Read(string root)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var f in Directory.GetFiles(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/');
            if (!relative.StartsWith("timings/", StringComparison.Ordinal))
            {
                files.Add(relative, File.ReadAllBytes(f));
            }
        }

        return files;
    }

    /// <summary>An int64 column of the single run in <paramref name="dataset"/>'s runs table.</summary>
    public static long RunsValue(string dataset, string column)
    {
        var file = Directory.GetFiles(Path.Combine(dataset, "runs"), "*.parquet", SearchOption.AllDirectories).Single();
        using var reader = HmsTrace.Parquet.ParquetReader.Open(File.OpenRead(file));
        return reader.ReadInt64(0, reader.Schema.IndexOf(column)).Values[0];
    }

    /// <summary>A string column of the single run in <paramref name="dataset"/>'s runs table.</summary>
    public static string? RunsText(string dataset, string column)
    {
        var file = Directory.GetFiles(Path.Combine(dataset, "runs"), "*.parquet", SearchOption.AllDirectories).Single();
        using var reader = HmsTrace.Parquet.ParquetReader.Open(File.OpenRead(file));
        return reader.ReadString(0, reader.Schema.IndexOf(column)).Values[0];
    }
}
