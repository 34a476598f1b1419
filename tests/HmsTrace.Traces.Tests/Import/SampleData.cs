namespace HmsTrace.Traces.Tests.Import;

/// <summary>Finds the shared real traces (../shared/data beside the repository root).</summary>
internal static class SampleData
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string PathOf(string relative)
    {
        var path = System.IO.Path.Combine(Root.Value, relative);
        if (!File.Exists(path))
        {
            Assert.Ignore($"sample {path} is not available");
        }

        return path;
    }

    /// <summary>Reads every record of <paramref name="path"/>.</summary>
    public static List<TraceRecord> ReadAll(string path, TraceReadOptions? options = null)
    {
        using var reader = TraceFile.OpenRead(path, options);
        return ReadAll(reader);
    }

    public static List<TraceRecord> ReadAll(ITraceReader reader)
    {
        var all = new List<TraceRecord>();
        var batch = new TraceRecord[1000];
        int n;
        while ((n = reader.Read(batch)) > 0)
        {
            all.AddRange(batch.AsSpan(0, n));
        }

        return all;
    }

    /// <summary>Counts records by operation without keeping them.</summary>
    public static long[] CountOperations(string path, TraceReadOptions? options = null)
    {
        using var reader = TraceFile.OpenRead(path, options);
        var counts = new long[16];
        var batch = new TraceRecord[4096];
        int n;
        while ((n = reader.Read(batch)) > 0)
        {
            foreach (var r in batch.AsSpan(0, n))
            {
                counts[(int)r.Operation]++;
            }
        }

        return counts;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "HmsTrace.sln")))
        {
            dir = dir.Parent;
        }

        if (dir?.Parent is null)
        {
            throw new InvalidOperationException("HmsTrace.sln not found above the test assembly");
        }

        return System.IO.Path.Combine(dir.Parent.FullName, "shared", "data");
    }
}
