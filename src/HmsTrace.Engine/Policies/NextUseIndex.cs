using HmsTrace.Engine.Results;
using HmsTrace.Policy;
using HmsTrace.Topology;
using HmsTrace.Traces;

namespace HmsTrace.Engine.Policies;

/// <summary>
/// The offline pre-pass behind <see cref="OptimalPolicy"/>: for every page touch the engine hands
/// to <see cref="PlacementPolicy.OnAccess"/> (records in order, pages ascending within a record),
/// the ordinal of the next touch of the same data, or <see cref="Never"/>.
/// <para>
/// The touches are found by replaying the trace once through the engine itself, so they are
/// exactly the ones a real replay makes, whatever the policy: accesses to unmapped pages of
/// explicit processes (trace errors), regions seen idle and pages at the top of the address space
/// are not touches. Data is followed, not addresses: pages moved by <c>mremap</c> keep their
/// history under their new numbers, and unmapped pages lose it (a later touch at the same address
/// is new data, so the last touch before the unmap has no next use).
/// </para>
/// Memory is 4 bytes per page touch (at most <see cref="Array.MaxLength"/> of them) plus 16 bytes
/// per mapped page touched, twice over for the hash table's slack: an oracle needs the future.
/// </summary>
public sealed class NextUseIndex
{
    /// <summary>The next-use value of a page that is never touched again.</summary>
    public const long Never = long.MaxValue;

    // The next touch's ordinal, or -1 for never: touches are at most Array.MaxLength, so they fit an int.
    private readonly int[] _next;

    private NextUseIndex(int[] next, long touches)
    {
        _next = next;
        Touches = touches;
    }

    /// <summary>Number of page touches in the trace.</summary>
    public long Touches { get; }

    /// <summary>The ordinal of the next touch of the page touched at <paramref name="ordinal"/>, or <see cref="Never"/>.</summary>
    public long NextUse(long ordinal) => ordinal < Touches && _next[ordinal] >= 0 ? _next[ordinal] : Never;

    /// <summary>
    /// Reads the whole trace once, replaying it on <paramref name="machine"/> (for its page size
    /// and initiators; capacities do not change which pages are touched), and builds the index.
    /// Throws <see cref="InputException"/> for what the replay itself would reject (a record of an
    /// initiator the machine lacks) and for a trace with more touches than the index can hold.
    /// <paramref name="progress"/>, when given, hears the records read so far after each batch.
    /// </summary>
    public static NextUseIndex Build(ITraceReader reader, MachineTopology machine, string traceSource = "trace", Action<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(machine);
        var recorder = new TouchRecorder(traceSource);
        var options = new ReplayOptions { RangeSnapshotEvery = 0, TraceSource = traceSource };
        var engine = new ReplayEngine(machine, recorder, options, NoOutput.Instance);
        var buffer = new TraceRecord[65_536];
        int n;
        long records = 0;
        while ((n = reader.Read(buffer)) > 0)
        {
            engine.Process(buffer.AsSpan(0, n), reader.Header.Initiators);
            records += n;
            progress?.Invoke(records);
        }

        engine.Finish();
        return new NextUseIndex(recorder.Next, recorder.Touches);
    }

    /// <summary>
    /// Watches a replay: numbers every page touch and links each to the previous touch of the same
    /// data. Places nothing itself (default placement, no migrations): which pages are touched does
    /// not depend on where they live.
    /// </summary>
    private sealed class TouchRecorder(string traceSource) : PlacementPolicy
    {
        // Per touched page still mapped, the ordinal of its last touch.
        private readonly PageIndex _last = new(1 << 16);

        public int[] Next { get; private set; } = new int[1 << 16];

        public int Touches { get; private set; }

        public override bool WantsEveryAccess => true;

        public override bool WantsNonLocalAccess => false;

        public override void OnAccess(AccessContext context)
        {
            Tiers.CheckPerPage(context, "optimal's next-use pre-pass");
            for (var page = context.StartPage; page < context.EndPage; page++)
            {
                var touch = Touches;
                if (touch == Next.Length)
                {
                    Grow();
                }

                Next[touch] = -1;
                ref var previous = ref _last.ValueRefOrAdd(context.ProcessId, page, out var seen);
                if (seen)
                {
                    Next[previous] = touch;
                }

                previous = touch;
                Touches = touch + 1;
            }
        }

        public override void OnUnmap(UnmapContext context)
        {
            foreach (var (pid, page) in KeysIn(context))
            {
                _last.Remove(pid, page);
            }
        }

        public override void OnRemap(UnmapContext context)
        {
            var moved = KeysIn(context);
            var last = new int[moved.Count];
            for (var i = 0; i < moved.Count; i++)
            {
                _last.TryGetValue(moved[i].Pid, moved[i].Page, out last[i]);
                _last.Remove(moved[i].Pid, moved[i].Page);
            }

            for (var i = 0; i < moved.Count; i++)
            {
                _last.Add(moved[i].Pid, moved[i].Page - context.StartPage + context.NewStartPage, last[i]);
            }
        }

        private List<(uint Pid, ulong Page)> KeysIn(UnmapContext context)
            => PageKeys.In(context, _last.SlotCount, k => _last.TryGetValue(k.Pid, k.Page, out _), _last.Keys());

        private void Grow()
        {
            if (Next.Length == Array.MaxLength)
            {
                throw InputException.In(
                    traceSource,
                    $"the optimal policy's pre-pass holds one next use per page touch (4 bytes each), and this trace has more than {Array.MaxLength:N0} page touches",
                    "Replay a shorter trace, or use a topology with a larger page size");
            }

            var next = Next;
            Array.Resize(ref next, (int)Math.Min((long)next.Length * 2, Array.MaxLength));
            Next = next;
        }
    }

    /// <summary>Drops every row: the pre-pass wants the touches, not the results.</summary>
    private sealed class NoOutput : IReplayOutput
    {
        public static readonly NoOutput Instance = new();

        public void Epoch(in EpochRow row)
        {
        }

        public void Migration(in MigrationRow row)
        {
        }

        public void Range(in RangeRow row)
        {
        }
    }
}
