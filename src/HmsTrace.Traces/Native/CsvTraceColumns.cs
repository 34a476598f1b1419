namespace HmsTrace.Traces.Native;

/// <summary>
/// The header and operation names of the native CSV trace format (docs/trace-formats.md).
/// </summary>
internal static class CsvTraceColumns
{
    public static readonly string[] Header = ["t_ns", "pid", "initiator", "op", "address", "size", "arg"];

    /// <summary>Operation names, indexed by <see cref="TraceOperation"/> code.</summary>
    public static readonly string[] OperationNames = ["read", "write", "mmap", "munmap", "mremap", "hbind", "pin", "unpin", "marker", "region"];

    public static bool TryParseOperation(ReadOnlySpan<char> text, out TraceOperation op)
    {
        // Single-letter aliases R/W are accepted because hand-written traces use them.
        if (text.Length == 1)
        {
            op = text[0] switch
            {
                'r' or 'R' => TraceOperation.Read,
                'w' or 'W' => TraceOperation.Write,
                _ => (TraceOperation)255,
            };
            return op != (TraceOperation)255;
        }

        for (var i = 0; i < OperationNames.Length; i++)
        {
            if (text.Equals(OperationNames[i], StringComparison.OrdinalIgnoreCase))
            {
                op = (TraceOperation)i;
                return true;
            }
        }

        op = default;
        return false;
    }
}
