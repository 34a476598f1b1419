namespace HmsTrace.Policy;

/// <summary>The value type of a <see cref="PolicyParameter"/>.</summary>
public enum PolicyParameterKind
{
    /// <summary>A 64-bit integer with a range.</summary>
    Int = 0,

    /// <summary>A boolean.</summary>
    Flag = 1,

    /// <summary>A string.</summary>
    Text = 2,
}
