using System.Security.Cryptography;

namespace HmsTrace.Parquet;

/// <summary>
/// Writes a file so that it appears complete or not at all: bytes go to a temporary file named
/// <c>&lt;final name&gt;.partial-&lt;random&gt;</c> (which <c>*.parquet</c> globs never match), optionally in a staging folder
/// outside the dataset; <see cref="Commit"/> flushes it to disk (fsync) and renames it over the final path. Disposing
/// without committing — e.g. when an exception unwinds a <c>using</c> — deletes the temporary file. The staging folder
/// must be on the same file system as the final path for the rename to be atomic. Not thread-safe.
/// </summary>
public sealed class AtomicFile : IDisposable
{
    private readonly FileStream _stream;
    private bool _committed;
    private bool _disposed;

    private AtomicFile(string finalPath, string temporaryPath, FileStream stream)
    {
        FinalPath = finalPath;
        TemporaryPath = temporaryPath;
        _stream = stream;
    }

    /// <summary>Where the file will be once committed.</summary>
    public string FinalPath { get; }

    /// <summary>Where the bytes are written until then.</summary>
    public string TemporaryPath { get; }

    /// <summary>The stream to write to (owned by this object).</summary>
    public Stream Stream => _stream;

    /// <summary>Creates the temporary file.</summary>
    /// <param name="finalPath">Path of the finished file; its folder is created on commit if missing.</param>
    /// <param name="stagingDirectory">Folder for the temporary file, or null for the final file's folder.</param>
    public static AtomicFile Create(string finalPath, string? stagingDirectory = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(finalPath);
        var full = Path.GetFullPath(finalPath);
        var directory = stagingDirectory is null ? Path.GetDirectoryName(full)! : Path.GetFullPath(stagingDirectory);
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, Path.GetFileName(full) + ".partial-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        return new AtomicFile(full, temporary, stream);
    }

    /// <summary>Writes a whole file with <paramref name="write"/>; on any exception nothing is left behind.</summary>
    public static void Write(string finalPath, Action<Stream> write, string? stagingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var file = Create(finalPath, stagingDirectory);
        write(file.Stream);
        file.Commit();
    }

    /// <summary>Flushes to disk, closes, and renames the temporary file to <see cref="FinalPath"/> (replacing any file there).</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_committed)
        {
            throw new InvalidOperationException("The file was already committed.");
        }

        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        Directory.CreateDirectory(Path.GetDirectoryName(FinalPath)!);
        File.Move(TemporaryPath, FinalPath, overwrite: true);
        _committed = true;
    }

    /// <summary>Deletes the temporary file unless <see cref="Commit"/> succeeded.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stream.Dispose();
        if (!_committed)
        {
            try
            {
                File.Delete(TemporaryPath);
            }
            catch (IOException)
            {
                // Best effort: the name never matches a dataset glob, so a leftover is harmless.
            }
        }
    }
}
