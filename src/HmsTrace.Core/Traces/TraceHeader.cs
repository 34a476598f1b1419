namespace HmsTrace.Traces;

/// <summary>
/// What a trace reader knows up front.
/// </summary>
/// <param name="Source">Path (or name) of the input, for messages.</param>
/// <param name="Format">Format name as accepted by <c>--from</c> (for example <c>hmst</c>, <c>csv</c>, <c>lackey</c>).</param>
/// <param name="Initiators">Initiator names; <see cref="TraceRecord.Initiator"/> indexes this list.</param>
/// <param name="RecordCount">Number of records when the format states it, otherwise null.</param>
public sealed record TraceHeader(string Source, string Format, IReadOnlyList<string> Initiators, long? RecordCount);
