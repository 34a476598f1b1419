namespace HmsTrace.Traces;

/// <summary>
/// Writes trace records to a file. Nothing appears under the final name until
/// <see cref="Complete"/> returns; disposing without completing deletes the partial output.
/// Not thread-safe.
/// </summary>
public interface ITraceWriter : IDisposable
{
    /// <summary>Appends records; their <see cref="TraceRecord.Initiator"/> indexes the initiator list the writer was created with.</summary>
    void Write(ReadOnlySpan<TraceRecord> records);

    /// <summary>Finishes the file and moves it into place.</summary>
    void Complete();
}
