namespace HmsTrace.Traces.Tests;

/// <summary>Helpers to write and read whole (small) traces in tests.</summary>
internal static class Traces
{
    public static void Write(string path, IReadOnlyList<string> initiators, ReadOnlySpan<TraceRecord> records)
    {
        using var writer = TraceFile.Create(path, initiators);
        writer.Write(records);
        writer.Complete();
    }

    public static List<TraceRecord> ReadAll(ITraceReader reader, int batch = 1000)
    {
        var all = new List<TraceRecord>();
        var buffer = new TraceRecord[batch];
        int n;
        while ((n = reader.Read(buffer)) > 0)
        {
            all.AddRange(buffer.AsSpan(0, n));
        }

        return all;
    }

    public static List<TraceRecord> ReadAll(string path, TraceReadOptions? options = null)
    {
        using var reader = TraceFile.OpenRead(path, options);
        return ReadAll(reader);
    }
}
