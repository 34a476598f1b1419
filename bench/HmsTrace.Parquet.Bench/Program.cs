using BenchmarkDotNet.Running;

namespace HmsTrace.Parquet.Bench;

/// <summary>Entry point: BenchmarkDotNet switcher.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
