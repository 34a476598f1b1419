namespace HmsTrace.Policy;

/// <summary>Why a migration was requested; written to the <c>migrations</c> table.</summary>
public enum MigrationReason
{
    /// <summary>The policy's epoch tick asked for it.</summary>
    Policy = 0,

    /// <summary>An application hint (hbind) led to it.</summary>
    Hint = 1,

    /// <summary>A non-local access (device fault) led to it, synchronously.</summary>
    Fault = 2,

    /// <summary>Capacity pressure: a victim demoted to make room.</summary>
    Pressure = 3,
}
