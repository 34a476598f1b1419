using System.Globalization;

namespace HmsTrace.Topology;

/// <summary>
/// The versioned identity of a topology object, written <c>v{version}-{index}-{type}</c> as in the
/// Linux HMS proposal (<c>v1-3-target</c>). A consumer only uses objects whose version it declares.
/// </summary>
/// <param name="Version">Object version (semantics revision), at least 1.</param>
/// <param name="Index">Index among objects of the type.</param>
/// <param name="Type">Object type: target, initiator, link or bridge.</param>
public readonly record struct ObjectId(int Version, int Index, string Type)
{
    /// <summary>Parses <c>v1-3-target</c>; returns false for anything else.</summary>
    public static bool TryParse(string? text, out ObjectId id)
    {
        id = default;
        if (text is null || text.Length < 6 || text[0] != 'v')
        {
            return false;
        }

        var parts = text[1..].Split('-');
        if (parts.Length != 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || parts[2] is not ("target" or "initiator" or "link" or "bridge"))
        {
            return false;
        }

        id = new ObjectId(version, index, parts[2]);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"v{Version}-{Index}-{Type}");
}
