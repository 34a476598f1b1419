namespace HmsTrace.Policy;

/// <summary>
/// What the engine offers the policy contexts. Internal: policies only see the context structs.
/// </summary>
internal interface IPolicyHost
{
    PolicyTopology Topology { get; }

    long FreeBytes(int target);

    long UsedBytes(uint processId, int target);

    bool RequestMigration(uint processId, ulong startPage, ulong endPage, int target, MigrationReason reason);

    bool Demote(uint processId, ulong startPage, ulong endPage, int target);

    int RangeCount { get; }

    RangeView Range(int index);
}
