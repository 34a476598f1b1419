namespace HmsTrace.Engine.Results;

/// <summary>How a migration request ended (the <c>outcome</c> column of the <c>migrations</c> table).</summary>
public enum MigrationOutcome
{
    /// <summary>Every populated page that was not already there moved.</summary>
    Moved = 0,

    /// <summary>Some pages moved, pinned ones stayed.</summary>
    Partial = 1,

    /// <summary>Every page that would have moved is pinned; nothing moved.</summary>
    Pinned = 2,

    /// <summary>The destination had no room, even after the pressure hook; nothing moved.</summary>
    NoCapacity = 3,

    /// <summary>A quota, an allow-list or a missing path forbade it; nothing moved.</summary>
    Denied = 4,

    /// <summary>The range has no populated pages to move (and holes were not populated).</summary>
    NothingPopulated = 5,
}
