namespace HmsTrace.Traces.Generators;

/// <summary>
/// A named workload generator as the command line sees it (<c>hmstrace trace gen NAME</c>): a
/// description, its options with defaults, and parsing of <c>--option value</c> pairs into the
/// workload's typed options record.
/// </summary>
/// <remarks>Immutable and thread-safe. Instances are listed by <see cref="Workloads.All"/>.</remarks>
public sealed class Workload
{
    private readonly GeneratorOption[] _options;

    internal Workload(string name, string description, WorkloadOptions defaults, IEnumerable<GeneratorOption> options)
    {
        Name = name;
        Description = description;
        Defaults = defaults;
        _options = [.. options, .. WorkloadOptions.CommonOptions(defaults)];
    }

    /// <summary>Name accepted on the command line, lowercase (for example <c>zipf</c>).</summary>
    public string Name { get; }

    /// <summary>One or two sentences for <c>--help</c>: what the workload does.</summary>
    public string Description { get; }

    /// <summary>The options record with every default (a <see cref="ZipfOptions"/> for <c>zipf</c>, and so on).</summary>
    public WorkloadOptions Defaults { get; }

    /// <summary>The workload's options, its own first, then <c>seed</c>, <c>access-interval</c> and <c>unmap</c>.</summary>
    public IReadOnlyList<GeneratorOption> Options => _options;

    /// <summary>Finds an option by name (leading dashes ignored, case-insensitive), or returns null.</summary>
    public GeneratorOption? FindOption(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var bare = name.TrimStart('-');
        foreach (var option in _options)
        {
            if (string.Equals(option.Name, bare, StringComparison.OrdinalIgnoreCase))
            {
                return option;
            }
        }

        return null;
    }

    /// <summary>
    /// Starts from <see cref="Defaults"/> and applies <paramref name="values"/> in order (option name,
    /// with or without leading dashes, and its text). Throws an <see cref="InputException"/> naming
    /// the option for an unknown name, a value that does not parse, or a combination that is invalid.
    /// </summary>
    public WorkloadOptions Parse(IEnumerable<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var options = Defaults;
        foreach (var (name, value) in values)
        {
            var option = FindOption(name) ?? throw InputException.In(
                $"--{name.TrimStart('-')}",
                $"the {Name} workload has no such option",
                $"Use one of: {string.Join(", ", OptionNames())}");
            options = option.Apply(options, value);
        }

        options.Check();
        return options;
    }

    private IEnumerable<string> OptionNames()
    {
        foreach (var option in _options)
        {
            yield return "--" + option.Name;
        }
    }
}
