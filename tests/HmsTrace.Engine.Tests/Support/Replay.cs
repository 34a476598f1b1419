using HmsTrace.Engine.Policies;
using HmsTrace.Engine.Results;
using HmsTrace.Policy;
using HmsTrace.Topology;
using HmsTrace.Traces;

namespace HmsTrace.Engine.Tests.Support;

/// <summary>One engine with a recording output, driven through its public API.</summary>
internal sealed class Replay
{
    private readonly string[] _initiators;

    public Replay(MachineTopology machine, PlacementPolicy? policy = null, ReplayOptions? options = null, params string[] initiators)
    {
        _initiators = initiators.Length == 0 ? ["cpu0"] : initiators;
        Engine = new ReplayEngine(machine, policy ?? new FirstTouchPolicy(), options ?? new ReplayOptions(), Output);
    }

    public RecordingOutput Output { get; } = new();

    public ReplayEngine Engine { get; }

    public void Process(params TraceRecord[] records) => Engine.Process(records, _initiators);

    public RunTotals Finish() => Engine.Finish();

    /// <summary>Processes <paramref name="records"/> and finishes.</summary>
    public RunTotals Run(params TraceRecord[] records)
    {
        Process(records);
        return Finish();
    }
}
