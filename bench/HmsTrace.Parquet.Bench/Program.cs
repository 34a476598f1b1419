using System.Globalization;
using BenchmarkDotNet.Running;

namespace HmsTrace.Parquet.Bench;

/// <summary>
/// <c>dotnet run -c Release -- quick [rows]</c>: Stopwatch measurement incl. DuckDB comparison;
/// anything else goes to BenchmarkDotNet (e.g. <c>--filter *Snappy*</c>).
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "quick")
        {
            var rows = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000_000;
            var interop = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../tests/HmsTrace.Parquet.Tests/Interop"));
            QuickMeasurement.Run(rows, interop);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
