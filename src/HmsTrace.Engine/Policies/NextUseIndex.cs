using HmsTrace.Traces;

namespace HmsTrace.Engine.Policies;

/// <summary>
/// The offline pre-pass behind <see cref="OptimalPolicy"/>: for every page touch of a trace (in the
/// order the engine replays them: records in order, pages ascending within a record), the ordinal
/// of the next touch of the same page of the same process, or <see cref="Never"/>.
/// Memory is 8 bytes per page touch plus a dictionary of distinct pages: an oracle needs the future.
/// </summary>
public sealed class NextUseIndex
{
    /// <summary>The next-use value of a page that is never touched again.</summary>
    public const long Never = long.MaxValue;

    private readonly long[] _next;

    private NextUseIndex(long[] next, long touches)
    {
        _next = next;
        Touches = touches;
    }

    /// <summary>Number of page touches in the trace.</summary>
    public long Touches { get; }

    /// <summary>The ordinal of the next touch of the page touched at <paramref name="ordinal"/>, or <see cref="Never"/>.</summary>
    public long NextUse(long ordinal) => ordinal < Touches ? _next[ordinal] : Never;

    /// <summary>Reads the whole trace once and builds the index; <paramref name="pageSizeBytes"/> must be a power of two.</summary>
    public static NextUseIndex Build(ITraceReader reader, long pageSizeBytes)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var shift = System.Numerics.BitOperations.Log2((ulong)pageSizeBytes);

        // Accesses are cut where the top page begins, as the engine replays them (see ReplayEngine.CutAtSpaceEnd).
        var topPage = (0UL - (ulong)pageSizeBytes) >> shift;
        var next = new long[1 << 16];
        long touches = 0;
        var last = new Dictionary<(uint Pid, ulong Page), long>();
        var buffer = new TraceRecord[65_536];
        int n;
        while ((n = reader.Read(buffer)) > 0)
        {
            for (var i = 0; i < n; i++)
            {
                ref readonly var r = ref buffer[i];
                if (r.Operation is not (TraceOperation.Read or TraceOperation.Write or TraceOperation.RegionAccess) || r.Size == 0)
                {
                    continue;
                }

                var first = r.Address >> shift;
                var end = (ulong)UInt128.Min((((UInt128)r.Address + r.Size - 1) >> shift) + 1, topPage);
                for (var page = first; page < end; page++)
                {
                    if (touches == next.Length)
                    {
                        Array.Resize(ref next, checked(next.Length * 2));
                    }

                    next[touches] = Never;
                    var key = (r.ProcessId, page);
                    if (last.TryGetValue(key, out var previous))
                    {
                        next[previous] = touches;
                    }

                    last[key] = touches;
                    touches++;
                }
            }
        }

        return new NextUseIndex(next, touches);
    }
}
