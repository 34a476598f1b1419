namespace HmsTrace.Traces.Import;

/// <summary>
/// Imports a damo JSON record (plain or zlib-compressed) as <see cref="TraceOperation.RegionAccess"/>
/// records, one per region per snapshot, followed by one window-end marker per snapshot (see
/// <see cref="DamonFormat"/>). JSON errors cannot be skipped: <see cref="SkippedLines"/> stays 0.
/// </summary>
internal sealed class DamonJsonReader : ITraceReader, IReportsSkippedInput
{
    private readonly DamonJsonParser _parser;
    private readonly DamonSnapshot _snapshot = new();
    private readonly uint _basePid;
    private readonly string _path;
    private int _pending;
    private int _next;
    private bool _ended;

    public DamonJsonReader(Stream json, string path, TraceReadOptions options)
    {
        ImportOptions.Validate(options);
        _parser = new DamonJsonParser(json, path);
        _basePid = options.ProcessId;
        _path = path;
        Header = new TraceHeader(path, DamonFormat.Instance.Name, [options.Initiator], null);
    }

    public TraceHeader Header { get; }

    public long SkippedLines => 0;

    public int Read(Span<TraceRecord> destination)
    {
        var n = 0;
        while (n < destination.Length)
        {
            if (_next < _pending)
            {
                destination[n++] = RecordAt(_next++);
                continue;
            }

            if (_ended)
            {
                break;
            }

            var item = _parser.Next(_snapshot);
            if (item == DamonJsonParser.Item.End)
            {
                _ended = true;
            }
            else if (item == DamonJsonParser.Item.Snapshot)
            {
                _next = 0;
                _pending = _snapshot.Regions.Count + 1;
            }
        }

        return n;
    }

    public void Dispose() => _parser.Dispose();

    private TraceRecord RecordAt(int index)
    {
        var pid = PidOf(_parser.RecordIndex);
        if (index == _snapshot.Regions.Count)
        {
            return DamonFormat.WindowEnd(_snapshot.EndNs, pid);
        }

        var r = _snapshot.Regions[index];
        return new TraceRecord(_snapshot.StartNs, r.Start, r.End - r.Start, (ulong)r.NrAccesses, pid, 0, TraceOperation.RegionAccess);
    }

    private uint PidOf(int recordIndex)
    {
        var pid = (ulong)_basePid + (ulong)recordIndex;
        if (pid > uint.MaxValue)
        {
            throw InputException.In(_path, "too many targets for the process id range", "Give a smaller --pid");
        }

        return (uint)pid;
    }
}
