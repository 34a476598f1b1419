using System.Globalization;
using BenchmarkDotNet.Running;
using HmsTrace.Traces.Bench;

if (args.Length > 0 && args[0] == "quick")
{
    QuickRun.Run(args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 10_000_000);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(DecodeBenchmarks).Assembly).Run(args);
