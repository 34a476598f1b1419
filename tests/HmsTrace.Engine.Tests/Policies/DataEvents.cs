using HmsTrace.Traces;

namespace HmsTrace.Engine.Tests.Policies;

/// <summary>
/// What a trace does to data, page by page, written independently of the engine: each mapped page
/// holds a datum with a fresh id from the moment it is mapped (explicitly, or by the first access in
/// a process that never called mmap); an access touches the data of its pages, a munmap drops it, an
/// mremap carries it to new page numbers. Accesses to unmapped pages of an explicit process and
/// regions seen idle touch nothing. One page per dictionary entry: for tests only.
/// </summary>
internal static class DataEvents
{
    /// <summary>The events of <paramref name="records"/>, in order: a touch or a drop of a datum.</summary>
    public static List<(bool Touch, long Id)> Of(IEnumerable<TraceRecord> records, ulong pageSize)
    {
        var events = new List<(bool Touch, long Id)>();
        var pages = new Dictionary<(uint Pid, ulong Page), long>();
        var explicitPids = new HashSet<uint>();
        long nextId = 0;

        void Drop(uint pid, ulong page)
        {
            if (pages.Remove((pid, page), out var id))
            {
                events.Add((false, id));
            }
        }

        foreach (var r in records)
        {
            var first = r.Address / pageSize;
            var end = r.Size == 0 ? first : ((r.Address + r.Size - 1) / pageSize) + 1;
            switch (r.Operation)
            {
                case TraceOperation.Read or TraceOperation.Write:
                case TraceOperation.RegionAccess when r.Argument > 0:
                    for (var page = first; page < end; page++)
                    {
                        if (!pages.TryGetValue((r.ProcessId, page), out var id))
                        {
                            if (explicitPids.Contains(r.ProcessId))
                            {
                                continue; // a trace error
                            }

                            pages[(r.ProcessId, page)] = id = nextId++;
                        }

                        events.Add((true, id));
                    }

                    break;
                case TraceOperation.Mmap:
                    explicitPids.Add(r.ProcessId);
                    for (var page = first; page < end; page++)
                    {
                        Drop(r.ProcessId, page);
                        pages[(r.ProcessId, page)] = nextId++;
                    }

                    break;
                case TraceOperation.Munmap:
                    for (var page = first; page < end; page++)
                    {
                        Drop(r.ProcessId, page);
                    }

                    break;
                case TraceOperation.Mremap:
                    // Same length; the destination is cleared first; the source's unmapped pages
                    // leave the destination's pages unmapped. Nothing mapped: nothing happens.
                    var moved = new List<(ulong Offset, long Id)>();
                    for (var page = first; page < end; page++)
                    {
                        if (pages.Remove((r.ProcessId, page), out var id))
                        {
                            moved.Add((page - first, id));
                        }
                    }

                    if (moved.Count == 0)
                    {
                        break;
                    }

                    var to = r.Argument / pageSize;
                    for (var page = to; page < to + (end - first); page++)
                    {
                        Drop(r.ProcessId, page);
                    }

                    foreach (var (offset, id) in moved)
                    {
                        pages[(r.ProcessId, to + offset)] = id;
                    }

                    break;
                default:
                    break;
            }
        }

        return events;
    }
}
