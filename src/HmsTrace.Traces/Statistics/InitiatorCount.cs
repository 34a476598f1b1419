namespace HmsTrace.Traces.Statistics;

/// <summary>How many records an initiator issued.</summary>
/// <param name="Index">Index in the trace's initiator table.</param>
/// <param name="Name">Name from the initiator table (<c>#N</c> if the table has no entry N).</param>
/// <param name="Records">Records of any operation with this initiator.</param>
public sealed record InitiatorCount(int Index, string Name, long Records);
