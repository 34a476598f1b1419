using System.Text;

namespace HmsTrace.Traces.Tests.Import;

/// <summary>Opens in-memory text with a given format, for small exact cases.</summary>
internal static class TextInput
{
    public static List<TraceRecord> Read(ITraceFormat format, string text, TraceReadOptions? options = null)
    {
        using var reader = Open(format, text, options);
        return SampleData.ReadAll(reader);
    }

    public static ITraceReader Open(ITraceFormat format, string text, TraceReadOptions? options = null)
        => format.Open(new MemoryStream(Encoding.UTF8.GetBytes(text)), "test.txt", options ?? new TraceReadOptions());

    public static InputException ReadFails(ITraceFormat format, string text, TraceReadOptions? options = null)
        => Assert.Throws<InputException>(() => Read(format, text, options))!;

    public static int Detect(ITraceFormat format, string text, string path = "trace.txt")
        => format.Detect(Encoding.UTF8.GetBytes(text), path);
}
