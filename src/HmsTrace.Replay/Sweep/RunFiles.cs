using HmsTrace.Parquet;
using HmsTrace.Replay.Results;

namespace HmsTrace.Replay.Sweep;

/// <summary>
/// A run's files in a result dataset: whether they are all there and readable (so a resumed sweep
/// may skip the run), and removing what a killed attempt left behind (so it may redo it).
/// </summary>
public static class RunFiles
{
    /// <summary>
    /// True when every table's file of <paramref name="run"/> exists under <paramref name="root"/>,
    /// its Parquet footer reads, and its metadata names the run's id.
    /// </summary>
    public static bool IsComplete(string root, SweepRun run)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(run);
        foreach (var relative in run.Files)
        {
            var path = Path.Combine(root, relative);
            if (!File.Exists(path))
            {
                return false;
            }

            try
            {
                using var reader = ParquetReader.Open(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read));
                if (!HasRunId(reader, run.RunId))
                {
                    return false;
                }
            }
            catch (Exception e) when (e is ParquetFormatException or IOException or InvalidDataException or EndOfStreamException or KeyNotFoundException or InvalidOperationException)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Removes the run's staged files (a killed attempt's <c>.partial</c> files) and any of its final
    /// files (a subset, when it was killed while moving them into place). Only call it for runs that
    /// no other process is writing.
    /// </summary>
    public static void RemoveLeftovers(string root, SweepRun run)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(run);
        var staging = Path.Combine(root, ".staging");
        foreach (var relative in run.Files)
        {
            TryDelete(Path.Combine(root, relative));
            var prefix = ParquetResultSink.StagingPrefix(relative);
            foreach (var file in StagedFiles(staging))
            {
                if (Path.GetFileName(file).StartsWith(prefix, StringComparison.Ordinal))
                {
                    TryDelete(file);
                }
            }
        }
    }

    /// <summary>
    /// The files in the staging folder, or none when it does not exist. Another run of the sweep
    /// removes the folder whenever it finds it empty, so it may vanish at any moment, even between
    /// a check for it and its listing: that means nothing is staged.
    /// </summary>
    private static string[] StagedFiles(string staging)
    {
        try
        {
            return Directory.GetFiles(staging);
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }

    private static bool HasRunId(ParquetReader reader, string runId)
    {
        foreach (var kv in reader.KeyValueMetadata)
        {
            if (kv.Key == "hmstrace.run_id")
            {
                return kv.Value == runId;
            }
        }

        return false;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file we cannot remove is overwritten when the run's files are moved into place.
        }
    }
}
