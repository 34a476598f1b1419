using System.Globalization;
using System.Text;

namespace HmsTrace.Parquet;

/// <summary>
/// Paths of a Hive-partitioned dataset: <c>&lt;table&gt;/key=value/key2=value2/part-&lt;n&gt;.parquet</c>, with partition
/// keys and values escaped as Hive's FileUtils.escapePathName does (control characters, <c>"#%'*/:=?\</c>, DEL,
/// <c>{[]^</c> become <c>%XX</c>, upper-case hex), which DuckDB, Spark and pyarrow undo when they read the dataset.
/// A null or empty value is written as <c>__HIVE_DEFAULT_PARTITION__</c>. Stateless and thread-safe.
/// </summary>
public static class HivePartitionPath
{
    /// <summary>What Hive writes for a null or empty partition value.</summary>
    public const string DefaultPartitionName = "__HIVE_DEFAULT_PARTITION__";

    /// <summary>Builds <c>table/k=v/.../part-NNNNN.parquet</c> with '/' separators.</summary>
    /// <param name="table">Leading path (e.g. the table folder); empty for a path relative to the table.</param>
    /// <param name="partitions">Partition keys and values, outermost first.</param>
    /// <param name="partNumber">File number within the partition, written with at least five digits.</param>
    public static string Build(string table, IReadOnlyList<KeyValuePair<string, string?>> partitions, int partNumber)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(partitions);
        ArgumentOutOfRangeException.ThrowIfNegative(partNumber);
        var sb = new StringBuilder(table.TrimEnd('/'));
        foreach (var (key, value) in partitions)
        {
            ArgumentException.ThrowIfNullOrEmpty(key, nameof(partitions));
            if (sb.Length > 0)
            {
                sb.Append('/');
            }

            sb.Append(Escape(key)).Append('=').Append(string.IsNullOrEmpty(value) ? DefaultPartitionName : Escape(value));
        }

        if (sb.Length > 0)
        {
            sb.Append('/');
        }

        return sb.Append(CultureInfo.InvariantCulture, $"part-{partNumber:D5}.parquet").ToString();
    }

    /// <summary>Escapes one path segment the way Hive's FileUtils.escapePathName does.</summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        StringBuilder? sb = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (NeedsEscape(c))
            {
                sb ??= new StringBuilder(value, 0, i, value.Length + 16);
                sb.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb?.Append(c);
            }
        }

        return sb?.ToString() ?? value;
    }

    /// <summary>Undoes <see cref="Escape"/> (FileUtils.unescapePathName): every valid <c>%XX</c> becomes its character.</summary>
    public static string Unescape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%' && i + 2 < value.Length + 0 && i + 2 <= value.Length - 1
                && int.TryParse(value.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                sb.Append((char)code);
                i += 2;
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static bool NeedsEscape(char c) => c < ' ' || c switch
    {
        '"' or '#' or '%' or '\'' or '*' or '/' or ':' or '=' or '?' or '\\' or '\u007F' or '{' or '[' or ']' or '^' => true,
        _ => false,
    };
}
