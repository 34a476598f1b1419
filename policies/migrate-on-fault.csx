// migrate-on-fault: device-driver style migration (HMM, CUDA unified memory).
//
// On an access from an initiator to memory that is not its best target (a device page fault, or
// a CPU fault on device memory), migrate the aligned chunk around the access to the initiator's
// best target: to the GPU on a GPU fault, back to host memory on a CPU fault.
//
// Hooks: OnNonLocalAccess. Parameters:
//   chunk_pages  migration granularity in pages (default 512: 2 MiB of 4 KiB pages)
using HmsTrace.Policy;

public sealed class MigrateOnFaultPolicy : PlacementPolicy
{
    private ulong _chunkPages = 512;

    public override void Initialize(PolicySetup setup)
    {
        _chunkPages = (ulong)setup.Int("chunk_pages", 512, 1, 1 << 20, "migration granularity, pages (aligned chunks)");
    }

    public override void OnNonLocalAccess(AccessContext context)
    {
        var best = context.Topology.BestTarget(context.Initiator);
        if (!best.IsSome)
        {
            return;
        }

        var start = context.StartPage / _chunkPages * _chunkPages;
        var end = (context.EndPage + _chunkPages - 1) / _chunkPages * _chunkPages;
        context.Migrate(start, end, best);
    }
}
