namespace HmsTrace.Report.Loading;

/// <summary>Finds the Parquet files of one table of a Hive-partitioned result dataset, in a stable order.</summary>
internal static class DatasetFiles
{
    /// <summary>
    /// Every <c>*.parquet</c> file under <c>root/table</c>, sorted by relative path (ordinal) so that the report does
    /// not depend on the file system's enumeration order. Hidden folders (<c>.staging</c>) and files are skipped.
    /// </summary>
    public static List<(string Path, string RelativePath)> Of(string root, string table)
    {
        var folder = Path.Combine(root, table);
        var files = new List<(string Path, string RelativePath)>();
        if (!Directory.Exists(folder))
        {
            return files;
        }

        foreach (var path in Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            if (relative.Split('/').Any(s => s.StartsWith('.')))
            {
                continue;
            }

            files.Add((path, relative));
        }

        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return files;
    }

    /// <summary>The Hive partition values in a relative path (<c>table/key=value/.../part.parquet</c>), unescaped.</summary>
    public static Dictionary<string, string> Partitions(string relativePath)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var segments = relativePath.Split('/');
        for (var i = 1; i < segments.Length - 1; i++)
        {
            var eq = segments[i].IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                result[Parquet.HivePartitionPath.Unescape(segments[i][..eq])] = Parquet.HivePartitionPath.Unescape(segments[i][(eq + 1)..]);
            }
        }

        return result;
    }
}
