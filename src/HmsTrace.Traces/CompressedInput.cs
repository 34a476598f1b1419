using System.IO.Compression;

namespace HmsTrace.Traces;

/// <summary>
/// Opens an input file, transparently inflating gzip (detected from the magic bytes 1f 8b, RFC 1952
/// §2.3.1, not from the name) and zlib where a format asks for it.
/// </summary>
public static class CompressedInput
{
    /// <summary>Size of the read buffer used for trace files.</summary>
    public const int BufferSize = 1 << 20;

    /// <summary>
    /// Opens <paramref name="path"/> for sequential reading, inflating gzip when the content is gzip.
    /// Throws <see cref="InputException"/> for a missing file, a directory, or an unreadable file.
    /// </summary>
    public static Stream Open(string path)
    {
        var raw = OpenFile(path);
        Span<byte> magic = stackalloc byte[2];
        var n = raw.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        raw.Position = 0;
        if (n == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
        {
            return new BufferedStream(new GZipStream(raw, CompressionMode.Decompress), BufferSize);
        }

        return raw;
    }

    /// <summary>Opens a regular file for reading with the messages HmsTrace uses for missing files and directories.</summary>
    public static FileStream OpenFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            throw InputException.In(path, "is a directory, not a file", "Give the path of a trace file");
        }

        if (!File.Exists(path))
        {
            throw InputException.In(path, "no such file", "Check the path; `hmstrace trace gen` makes sample traces");
        }

        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw InputException.In(path, $"cannot be opened: {e.Message}", "Check the file's permissions", e);
        }
    }
}
