namespace HmsTrace.Policy;

/// <summary>What a policy gets at initialisation: the topology view and its parameters.</summary>
public sealed class PolicySetup
{
    private readonly IReadOnlyDictionary<string, string> _parameters;

    internal PolicySetup(PolicyTopology topology, IReadOnlyDictionary<string, string> parameters, ulong seed)
    {
        Topology = topology;
        _parameters = parameters;
        Seed = seed;
    }

    /// <summary>The topology restricted to the policy's declared versions.</summary>
    public PolicyTopology Topology { get; }

    /// <summary>The run's seed, for <see cref="DeterministicRandom"/>.</summary>
    public ulong Seed { get; }

    /// <summary>An integer parameter (<c>--param name=value</c>), or <paramref name="defaultValue"/>.</summary>
    public long Int(string name, long defaultValue)
    {
        if (!_parameters.TryGetValue(name, out var text))
        {
            return defaultValue;
        }

        return long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new ArgumentException($"parameter {name}='{text}' is not an integer");
    }

    /// <summary>A string parameter, or <paramref name="defaultValue"/>.</summary>
    public string Text(string name, string defaultValue) => _parameters.TryGetValue(name, out var v) ? v : defaultValue;
}
