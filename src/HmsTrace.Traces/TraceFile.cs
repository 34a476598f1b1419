using HmsTrace.Traces.Import;
using HmsTrace.Traces.Native;

namespace HmsTrace.Traces;

/// <summary>
/// Opens trace files of any supported format: detects the format from the content (gzip is
/// inflated transparently) unless <see cref="TraceReadOptions.Format"/> names one.
/// </summary>
public static class TraceFile
{
    /// <summary>How many bytes of decompressed content detection looks at.</summary>
    public const int DetectionWindow = 64 * 1024;

    /// <summary>Every readable format, native ones first.</summary>
    public static IReadOnlyList<ITraceFormat> Formats { get; } =
        [BinaryTraceFormat.Instance, CsvTraceFormat.Instance, .. ImportFormats.All];

    /// <summary>Finds a format by its <c>--from</c> name, or returns null.</summary>
    public static ITraceFormat? FindFormat(string name)
    {
        foreach (var f in Formats)
        {
            if (string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return f;
            }
        }

        return null;
    }

    /// <summary>
    /// Opens <paramref name="path"/> for streaming. Throws <see cref="InputException"/> when the file
    /// is missing, empty, of an unknown format, or (later, while reading) malformed.
    /// </summary>
    public static ITraceReader OpenRead(string path, TraceReadOptions? options = null)
    {
        options ??= new TraceReadOptions();
        ITraceFormat? forced = null;
        if (options.Format is { } name)
        {
            forced = FindFormat(name) ?? throw InputException.In(
                "--from", $"unknown trace format '{name}'", $"Use one of: {string.Join(", ", FormatNames())}");
        }

        var stream = CompressedInput.Open(path);
        try
        {
            var head = new byte[DetectionWindow];
            int n;
            try
            {
                n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            }
            catch (InvalidDataException e)
            {
                throw InputException.In(path, $"is not valid gzip: {e.Message}", "Re-compress the file or give the uncompressed trace", e);
            }

            if (n == 0)
            {
                // A compressed file cut short can hold bytes and still decompress to nothing.
                var stored = File.Exists(path) ? new FileInfo(path).Length : 0;
                throw stored > 0
                    ? InputException.In(path, $"decompresses to nothing: its {stored} bytes end before the first byte of data (cut short?)", "Compress the trace again, or give the uncompressed file")
                    : InputException.AtOffset(path, 0, "is empty", "Give a trace with at least a header");
            }

            var format = forced ?? Detect(head.AsSpan(0, n), path);
            var content = new PrefixedStream(head, n, stream);
            return format.Open(content, path, options);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Creates a writer for <paramref name="path"/> in the native format its name asks for:
    /// <c>.hmst</c> (binary) or <c>.csv</c>, each optionally followed by <c>.gz</c>.
    /// </summary>
    public static ITraceWriter Create(string path, IReadOnlyList<string> initiators)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        if (name.EndsWith(".hmst", StringComparison.OrdinalIgnoreCase))
        {
            return new BinaryTraceWriter(path, initiators);
        }

        if (name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return new CsvTraceWriter(path, initiators);
        }

        throw InputException.In(path, "the output format cannot be told from the name", "End the name in .hmst (binary) or .csv, optionally followed by .gz");
    }

    private static ITraceFormat Detect(ReadOnlySpan<byte> head, string path)
    {
        ITraceFormat? best = null;
        var bestScore = 0;
        foreach (var f in Formats)
        {
            var score = f.Detect(head, path);
            if (score > bestScore)
            {
                best = f;
                bestScore = score;
            }
        }

        return best ?? throw InputException.AtOffset(
            path, 0, "the content is not a trace format HmsTrace recognises", $"Name the format with --from ({string.Join(", ", FormatNames())})");
    }

    private static IEnumerable<string> FormatNames()
    {
        foreach (var f in Formats)
        {
            yield return f.Name;
        }
    }
}
