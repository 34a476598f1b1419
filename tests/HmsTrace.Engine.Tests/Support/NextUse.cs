using HmsTrace.Engine.Policies;
using HmsTrace.Topology;
using HmsTrace.Traces;

namespace HmsTrace.Engine.Tests.Support;

/// <summary>The <c>optimal</c> policy's pre-pass over records in memory.</summary>
internal static class NextUse
{
    /// <summary>Builds the next-use index of <paramref name="records"/> replayed on <paramref name="machine"/> (initiators default to cpu0).</summary>
    public static NextUseIndex Index(MachineTopology machine, TraceRecord[] records, params string[] initiators)
    {
        using var reader = new ArrayTraceReader(records, initiators);
        return NextUseIndex.Build(reader, machine);
    }
}
