namespace HmsTrace.Traces.Generators;

/// <summary>
/// One option of a workload as the command line sees it: <c>--name value</c>. Parsing is the
/// workload's; the command line only lists options and passes their text.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class GeneratorOption
{
    private readonly Func<WorkloadOptions, string> _show;
    private readonly Func<WorkloadOptions, string, WorkloadOptions> _apply;

    internal GeneratorOption(
        string name,
        string description,
        WorkloadOptions defaults,
        Func<WorkloadOptions, string> show,
        Func<WorkloadOptions, string, WorkloadOptions> apply)
    {
        Name = name;
        Description = description;
        _show = show;
        _apply = apply;
        DefaultValue = show(defaults);
    }

    /// <summary>Option name without dashes, kebab-case (for example <c>footprint-pages</c>).</summary>
    public string Name { get; }

    /// <summary>One line for <c>--help</c>: what the option means, with its unit.</summary>
    public string Description { get; }

    /// <summary>The default, written as it would be given on the command line.</summary>
    public string DefaultValue { get; }

    /// <summary>The value of this option in <paramref name="options"/>, written as it would be given on the command line.</summary>
    public string ValueIn(WorkloadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return _show(options);
    }

    /// <summary>
    /// Returns a copy of <paramref name="options"/> with this option set from <paramref name="value"/>;
    /// throws an <see cref="InputException"/> naming <c>--name</c> when the text does not parse.
    /// </summary>
    internal WorkloadOptions Apply(WorkloadOptions options, string value) => _apply(options, value);
}
