using HmsTrace.Policy;

namespace HmsTrace.Engine.Policies;

/// <summary>
/// Device-driver style migration (HMM): on an access from an initiator to memory that is not its
/// best target, migrate the aligned chunk around the access to the initiator's best target, the
/// way a GPU driver migrates on a device page fault and back on a CPU fault.
/// Parameter <c>chunk_pages</c> (default 512, a 2 MiB chunk of 4 KiB pages): migration granularity.
/// </summary>
public sealed class MigrateOnFaultPolicy : PlacementPolicy
{
    private ulong _chunkPages = 512;

    /// <inheritdoc />
    public override void Initialize(PolicySetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var chunk = setup.Int("chunk_pages", 512);
        if (chunk < 1)
        {
            throw new ArgumentException("chunk_pages must be at least 1");
        }

        _chunkPages = (ulong)chunk;
    }

    /// <inheritdoc />
    public override void OnNonLocalAccess(AccessContext context)
    {
        var best = context.Topology.BestTarget(context.Initiator);
        if (!best.IsSome)
        {
            return;
        }

        var start = context.StartPage / _chunkPages * _chunkPages;
        var end = ((context.EndPage + _chunkPages - 1) / _chunkPages) * _chunkPages;
        context.Migrate(start, end, best);
    }
}
