namespace HmsTrace.Traces;

/// <summary>
/// A trace file format HmsTrace can read: a name for <c>--from</c>, content-based detection, and a
/// streaming reader. Implementations are stateless and thread-safe.
/// </summary>
public interface ITraceFormat
{
    /// <summary>Name accepted by <c>--from</c>, lowercase (for example <c>hmst</c>, <c>csv</c>, <c>lackey</c>).</summary>
    string Name { get; }

    /// <summary>One line for <c>--help</c>: what the format is.</summary>
    string Description { get; }

    /// <summary>
    /// How sure this format is that <paramref name="head"/> (the first bytes of the decompressed
    /// content, up to 64 KiB, possibly cut mid-line) is one of its files: 0 = no, 100 = certain
    /// (magic number). The highest score wins; ties go to the earlier registered format.
    /// </summary>
    int Detect(ReadOnlySpan<byte> head, string path);

    /// <summary>
    /// Creates a reader over <paramref name="content"/> (already decompressed); the reader owns and
    /// disposes the stream. <paramref name="path"/> names the file in messages.
    /// </summary>
    ITraceReader Open(Stream content, string path, TraceReadOptions options);
}
