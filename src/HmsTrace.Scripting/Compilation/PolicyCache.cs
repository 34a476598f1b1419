using System.Globalization;
using System.Text;

namespace HmsTrace.Scripting.Compilation;

/// <summary>
/// Compiled policies on disk, keyed by <see cref="PolicyScriptLoader"/>'s cache key: <c>KEY.dll</c>
/// (the checked image) and <c>KEY.txt</c> (the policy class name, then one warning per line).
/// Entries are written to a temporary file and renamed, so a reader never sees half an entry;
/// concurrent writers of the same key write the same bytes.
/// </summary>
internal sealed class PolicyCache(string directory)
{
    public bool TryRead(string key, string displayPath, out byte[] image, out string policyTypeName, out List<PolicyDiagnostic> warnings)
    {
        image = [];
        policyTypeName = string.Empty;
        warnings = [];
        var dll = Path.Combine(directory, key + ".dll");
        var txt = Path.Combine(directory, key + ".txt");
        try
        {
            if (!File.Exists(dll) || !File.Exists(txt))
            {
                return false;
            }

            var lines = File.ReadAllLines(txt, Encoding.UTF8);
            if (lines.Length == 0)
            {
                return false;
            }

            policyTypeName = lines[0];
            for (var i = 1; i < lines.Length; i++)
            {
                var f = lines[i].Split('\t', 5);
                if (f.Length == 5)
                {
                    warnings.Add(new PolicyDiagnostic(displayPath, int.Parse(f[0], CultureInfo.InvariantCulture), int.Parse(f[1], CultureInfo.InvariantCulture), PolicyDiagnosticSeverity.Warning, f[2], f[4], Enum.Parse<PolicyCheckLayer>(f[3])));
                }
            }

            image = File.ReadAllBytes(dll);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
        {
            return false;
        }
    }

    public void Write(string key, byte[] image, string policyTypeName, IReadOnlyList<PolicyDiagnostic> warnings)
    {
        try
        {
            Directory.CreateDirectory(directory);
            var text = new StringBuilder(policyTypeName).Append('\n');
            foreach (var w in warnings)
            {
                text.Append(CultureInfo.InvariantCulture, $"{w.Line}\t{w.Column}\t{w.Id}\t{w.Layer}\t{w.Message.ReplaceLineEndings(" ")}\n");
            }

            Atomic(Path.Combine(directory, key + ".dll"), stream => stream.Write(image));
            Atomic(Path.Combine(directory, key + ".txt"), stream => stream.Write(Encoding.UTF8.GetBytes(text.ToString())));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written only costs a recompile next time.
        }
    }

    private static void Atomic(string path, Action<FileStream> write)
    {
        var temporary = path + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
        {
            write(stream);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
