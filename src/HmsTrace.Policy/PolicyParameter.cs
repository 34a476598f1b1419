namespace HmsTrace.Policy;

/// <summary>A parameter a policy declared in <c>Initialize</c>, as <c>hmstrace check --describe</c> shows it.</summary>
/// <param name="Name">Name, as in <c>--param name=value</c>.</param>
/// <param name="Kind">Value type.</param>
/// <param name="DefaultValue">Default, formatted invariantly.</param>
/// <param name="Minimum">Smallest accepted value (integers only).</param>
/// <param name="Maximum">Largest accepted value (integers only).</param>
/// <param name="Description">One line, with the unit.</param>
public sealed record PolicyParameter(string Name, PolicyParameterKind Kind, string DefaultValue, long? Minimum, long? Maximum, string Description);
