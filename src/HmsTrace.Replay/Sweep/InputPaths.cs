using System.Text;
using System.Text.RegularExpressions;

namespace HmsTrace.Replay.Sweep;

/// <summary>
/// Expands a sweep input: a file; a folder (its files, not recursive, hidden ones skipped); or a
/// glob with <c>*</c>, <c>?</c> and <c>**</c> (any folders). Results are full paths in ordinal order.
/// </summary>
public static class InputPaths
{
    /// <summary>
    /// Expands <paramref name="pattern"/> (relative to <paramref name="folder"/>); throws <see cref="InputException"/>
    /// when nothing matches. With <paramref name="folderExtension"/>, a folder gives only its files
    /// with that extension (a folder of policy scripts may hold a README or a project file too).
    /// </summary>
    public static IReadOnlyList<string> Expand(string pattern, string folder, string what, string? folderExtension = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(folder);
        var full = Path.GetFullPath(pattern, folder);
        var result = new List<string>();
        if (File.Exists(full))
        {
            result.Add(full);
        }
        else if (Directory.Exists(full))
        {
            foreach (var f in Directory.EnumerateFiles(full))
            {
                if (!Path.GetFileName(f).StartsWith('.') && (folderExtension is null || f.EndsWith(folderExtension, StringComparison.OrdinalIgnoreCase)))
                {
                    result.Add(f);
                }
            }
        }
        else if (pattern.AsSpan().IndexOfAny('*', '?') >= 0)
        {
            result.AddRange(Glob(full));
        }

        if (result.Count == 0)
        {
            throw InputException.In(pattern, $"no {what} file matches", "Give a file, a folder or a glob such as traces/*.hmst");
        }

        result.Sort(StringComparer.Ordinal);
        return result;
    }

    private static List<string> Glob(string full)
    {
        // The fixed folder is everything before the first segment with a wildcard.
        var segments = full.Split(Path.DirectorySeparatorChar);
        var fixedCount = 0;
        while (fixedCount < segments.Length && segments[fixedCount].AsSpan().IndexOfAny('*', '?') < 0)
        {
            fixedCount++;
        }

        var root = string.Join(Path.DirectorySeparatorChar, segments, 0, fixedCount);
        if (root.Length == 0)
        {
            root = Path.DirectorySeparatorChar.ToString();
        }

        var matches = new List<string>();
        if (!Directory.Exists(root))
        {
            return matches;
        }

        var regex = new StringBuilder("^");
        for (var i = fixedCount; i < segments.Length; i++)
        {
            var s = segments[i];
            var last = i == segments.Length - 1;
            if (s == "**")
            {
                regex.Append(last ? ".*" : "(?:[^/]+/)*");
                continue;
            }

            foreach (var c in s)
            {
                regex.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }

            if (!last)
            {
                regex.Append('/');
            }
        }

        var match = new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
        var recursive = segments.Length - fixedCount > 1 || Array.IndexOf(segments, "**") >= 0;
        foreach (var f in Directory.EnumerateFiles(root, "*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly))
        {
            var relative = Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/');
            if (match.IsMatch(relative))
            {
                matches.Add(f);
            }
        }

        return matches;
    }
}
