namespace HmsTrace.Topology;

/// <summary>A topology that is structurally wrong; <see cref="JsonPath"/> points at the offending element.</summary>
public sealed class TopologyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TopologyException(string jsonPath, string problem)
        : base($"{jsonPath}: {problem}")
    {
        JsonPath = jsonPath;
        Problem = problem;
    }

    /// <summary>JSON path of the offending element, for example <c>$.links[2].to</c>.</summary>
    public string JsonPath { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }
}
