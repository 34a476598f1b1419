using BenchmarkDotNet.Running;
using HmsTrace.Engine.Bench;

if (args.Length > 0 && args[0] == "quick")
{
    QuickRun.Run(args[1..]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(EngineBenchmarks).Assembly).Run(args);
