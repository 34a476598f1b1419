namespace HmsTrace.Replay.Results;

/// <summary>
/// Writes one table file. Nothing appears under the final name until <see cref="Complete"/>;
/// disposing without completing removes the partial file. Not thread-safe.
/// </summary>
public interface ITableWriter : IDisposable
{
    /// <summary>Appends the batch's rows (as one or more row groups).</summary>
    void Write(TableBatch batch);

    /// <summary>Finishes the file and moves it into place.</summary>
    void Complete();
}
