namespace HmsTrace.Traces;

/// <summary>
/// A file written under a temporary sibling name (<c>final.partial-XXXXXXXX</c>, which no
/// <c>*.hmst</c>/<c>*.csv</c> glob matches) and renamed over the final name only when complete.
/// Disposing before <see cref="Commit"/> deletes the temporary file.
/// </summary>
internal sealed class StagedFile : IDisposable
{
    private bool _committed;

    public StagedFile(string finalPath, string suffix = "")
    {
        FinalPath = Path.GetFullPath(finalPath);
        var dir = Path.GetDirectoryName(FinalPath)!;
        if (Directory.Exists(FinalPath))
        {
            throw InputException.In(finalPath, "is a directory", "Give a file name for the output");
        }

        try
        {
            Directory.CreateDirectory(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw InputException.In(finalPath, $"cannot create the output folder: {e.Message}", "Choose a writable location", e);
        }

        TempPath = $"{FinalPath}.partial-{Environment.ProcessId:x}{suffix}";
        try
        {
            Stream = new FileStream(TempPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, CompressedInput.BufferSize);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw InputException.In(finalPath, $"cannot be written: {e.Message}", "Choose a writable location", e);
        }
    }

    public string FinalPath { get; }

    public string TempPath { get; }

    public FileStream Stream { get; }

    /// <summary>Flushes to disk and renames the temporary file over the final name.</summary>
    public void Commit()
    {
        Stream.Flush(flushToDisk: true);
        Stream.Dispose();
        File.Move(TempPath, FinalPath, overwrite: true);
        _committed = true;
    }

    public void Dispose()
    {
        if (_committed)
        {
            return;
        }

        Stream.Dispose();
        try
        {
            File.Delete(TempPath);
        }
        catch (IOException)
        {
            // Best effort: a leftover .partial file is never mistaken for a result.
        }
    }
}
