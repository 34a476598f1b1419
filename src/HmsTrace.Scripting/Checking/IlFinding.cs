namespace HmsTrace.Scripting.Checking;

/// <summary>A finding of the IL check: an id (HMS01xx), a message, and the type or method it is in (for the source location), if known.</summary>
internal sealed record IlFinding(string Id, string Message, string? TypeName, string? MethodName);
