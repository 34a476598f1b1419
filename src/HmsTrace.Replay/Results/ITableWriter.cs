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

    /// <summary>
    /// Removes the file <see cref="Complete"/> moved into place (nothing if it did not): for a run
    /// whose other tables could not be moved into place, so that its tables appear together or not at all.
    /// </summary>
    void Retract();
}
