using System.Globalization;

namespace HmsTrace.Policy;

/// <summary>
/// What a policy gets at initialisation: the topology view and its parameters. Parameters are read
/// through typed declarations (<see cref="Int(string, long, long, long, string)"/>,
/// <see cref="Flag"/>, <see cref="Text(string, string, string)"/>) that also describe them for
/// <c>hmstrace check --describe</c>: declare every parameter in <c>Initialize</c>, unconditionally.
/// Mutable (it records declarations); valid during <c>Initialize</c> only.
/// </summary>
public sealed class PolicySetup
{
    private readonly IReadOnlyDictionary<string, string> _parameters;
    private readonly List<PolicyParameter> _declared = [];

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

    /// <summary>The parameters declared so far, in declaration order.</summary>
    public IReadOnlyList<PolicyParameter> DeclaredParameters => _declared;

    /// <summary>An integer parameter (<c>--param name=value</c>), or <paramref name="defaultValue"/>.</summary>
    public long Int(string name, long defaultValue) => Int(name, defaultValue, long.MinValue, long.MaxValue, string.Empty);

    /// <summary>
    /// Declares and reads an integer parameter in <c>[minimum, maximum]</c>. A value that is not an
    /// integer or is out of range stops the run in <c>Initialize</c> with a message naming the parameter.
    /// </summary>
    /// <param name="name">Parameter name, as in <c>--param name=value</c>.</param>
    /// <param name="defaultValue">Value when the parameter is not given; must be in range.</param>
    /// <param name="minimum">Smallest accepted value.</param>
    /// <param name="maximum">Largest accepted value.</param>
    /// <param name="description">One line for <c>hmstrace check --describe</c>, with the unit.</param>
    public long Int(string name, long defaultValue, long minimum, long maximum, string description)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (minimum > maximum || defaultValue < minimum || defaultValue > maximum)
        {
            throw new ArgumentException($"parameter {name}: default {defaultValue} is not in [{minimum}, {maximum}]");
        }

        Declare(new PolicyParameter(name, PolicyParameterKind.Int, defaultValue.ToString(CultureInfo.InvariantCulture), minimum, maximum, description ?? string.Empty));
        if (!_parameters.TryGetValue(name, out var text))
        {
            return defaultValue;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw new ArgumentException($"parameter {name}='{text}' is not an integer");
        }

        return value >= minimum && value <= maximum
            ? value
            : throw new ArgumentException($"parameter {name}={value} is outside [{minimum}, {maximum}]");
    }

    /// <summary>Declares and reads a boolean parameter (<c>true</c>/<c>false</c>/<c>1</c>/<c>0</c>).</summary>
    /// <param name="name">Parameter name.</param>
    /// <param name="defaultValue">Value when the parameter is not given.</param>
    /// <param name="description">One line for <c>hmstrace check --describe</c>.</param>
    public bool Flag(string name, bool defaultValue, string description)
    {
        ArgumentNullException.ThrowIfNull(name);
        Declare(new PolicyParameter(name, PolicyParameterKind.Flag, defaultValue ? "true" : "false", null, null, description ?? string.Empty));
        if (!_parameters.TryGetValue(name, out var text))
        {
            return defaultValue;
        }

        return text switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => throw new ArgumentException($"parameter {name}='{text}' is not true or false"),
        };
    }

    /// <summary>A string parameter, or <paramref name="defaultValue"/>.</summary>
    public string Text(string name, string defaultValue) => Text(name, defaultValue, string.Empty);

    /// <summary>Declares and reads a string parameter.</summary>
    /// <param name="name">Parameter name.</param>
    /// <param name="defaultValue">Value when the parameter is not given.</param>
    /// <param name="description">One line for <c>hmstrace check --describe</c>.</param>
    public string Text(string name, string defaultValue, string description)
    {
        ArgumentNullException.ThrowIfNull(name);
        Declare(new PolicyParameter(name, PolicyParameterKind.Text, defaultValue, null, null, description ?? string.Empty));
        return _parameters.TryGetValue(name, out var v) ? v : defaultValue;
    }

    private void Declare(PolicyParameter parameter)
    {
        foreach (var existing in _declared)
        {
            if (existing.Name == parameter.Name)
            {
                return;
            }
        }

        _declared.Add(parameter);
    }
}
