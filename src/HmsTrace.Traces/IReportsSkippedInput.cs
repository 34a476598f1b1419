namespace HmsTrace.Traces;

/// <summary>
/// A reader that may skip malformed input when <see cref="TraceReadOptions.SkipBad"/> allows it.
/// Every importer of a foreign format implements it; test for it with a type check
/// (<c>reader is IReportsSkippedInput s</c>) after reading to report how much input was dropped.
/// </summary>
public interface IReportsSkippedInput
{
    /// <summary>
    /// How many malformed lines (text formats) or records (binary formats) were skipped so far.
    /// Never more than <see cref="TraceReadOptions.SkipBad"/>: one more bad line stops the reader
    /// with an <see cref="InputException"/>.
    /// </summary>
    long SkippedLines { get; }
}
