using System.Runtime.CompilerServices;
using HmsTrace.Traces.Native;

namespace HmsTrace.Traces.Import;

/// <summary>
/// The shared machinery of the line-based importers: lines from a <see cref="LineReader"/>, one
/// <see cref="ParseLine"/> call per line, records queued and handed out in batches, bad lines
/// skipped (up to <see cref="TraceReadOptions.SkipBad"/>) or reported with file, line and a quote.
/// A parser validates a whole line before it emits anything, so a bad line never leaves a partial
/// record behind. Mutable; one consumer.
/// </summary>
internal abstract class TextImportReader : ITraceReader, IReportsSkippedInput
{
    private readonly LineReader _lines;
    private readonly List<string> _initiators;
    private readonly Dictionary<string, ushort> _initiatorIndex = new(StringComparer.Ordinal);
    private TraceRecord[] _queue = new TraceRecord[4096];
    private int _queueHead;
    private int _queueCount;
    private bool _ended;
    private string _problem = "malformed line";
    private string? _remedy;

    /// <param name="content">The decompressed input; the reader owns it.</param>
    /// <param name="path">The file, for messages.</param>
    /// <param name="options">What to assume for fields the format lacks.</param>
    /// <param name="formatName">The <c>--from</c> name for the header.</param>
    /// <param name="registerDefaultInitiator">
    /// Whether <see cref="TraceReadOptions.Initiator"/> is initiator 0 from the start (formats
    /// without initiators); formats that name initiators register them as they appear.
    /// </param>
    protected TextImportReader(Stream content, string path, TraceReadOptions options, string formatName, bool registerDefaultInitiator = true)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        ImportOptions.Validate(options);
        Path = path;
        Options = options;
        _lines = new LineReader(content, path);
        _initiators = [];
        if (registerDefaultInitiator)
        {
            _initiators.Add(options.Initiator);
            _initiatorIndex.Add(options.Initiator, 0);
        }

        Header = new TraceHeader(path, formatName, _initiators, null);
    }

    public TraceHeader Header { get; }

    public long SkippedLines { get; private set; }

    protected string Path { get; }

    protected TraceReadOptions Options { get; }

    /// <summary>1-based number of the line being parsed.</summary>
    protected long LineNumber => _lines.LineNumber;

    public int Read(Span<TraceRecord> destination)
    {
        var n = 0;
        while (n < destination.Length)
        {
            if (_queueHead < _queueCount)
            {
                var take = Math.Min(_queueCount - _queueHead, destination.Length - n);
                _queue.AsSpan(_queueHead, take).CopyTo(destination[n..]);
                _queueHead += take;
                n += take;
                continue;
            }

            if (_ended)
            {
                break;
            }

            _queueHead = 0;
            _queueCount = 0;
            Fill(destination.Length - n);
        }

        return n;
    }

    public void Dispose()
    {
        _lines.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Parses one line (without its newline). Emits 0 or more records with <see cref="Emit"/> and
    /// returns true, or returns <see cref="Fail"/>(problem) without emitting anything.
    /// </summary>
    protected abstract bool ParseLine(ReadOnlySpan<byte> line);

    /// <summary>Called once at the end of the input; may emit records or throw.</summary>
    protected virtual void OnEndOfInput()
    {
    }

    /// <summary>Records why the current line is bad; returns false for <c>return Fail(...)</c>.</summary>
    protected bool Fail(string problem, string? remedy = null)
    {
        _problem = problem;
        _remedy = remedy;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected void Emit(in TraceRecord record)
    {
        if (_queueCount == _queue.Length)
        {
            Array.Resize(ref _queue, _queue.Length * 2);
        }

        _queue[_queueCount++] = record;
    }

    /// <summary>Index of <paramref name="name"/> in the header's initiator table, added on first use.</summary>
    protected ushort InitiatorIndex(string name)
    {
        if (_initiatorIndex.TryGetValue(name, out var index))
        {
            return index;
        }

        if (_initiators.Count >= BinaryTraceLayout.MaxInitiators)
        {
            throw InputException.AtLine(Path, LineNumber, $"more than {BinaryTraceLayout.MaxInitiators} distinct initiators", "Split the trace");
        }

        index = (ushort)_initiators.Count;
        _initiators.Add(name);
        _initiatorIndex.Add(name, index);
        return index;
    }

    /// <summary>
    /// Counts one more piece of skipped input if <see cref="TraceReadOptions.SkipBad"/> allows it;
    /// false when the limit is reached and the caller must throw.
    /// </summary>
    protected bool TrySkip()
    {
        if (SkippedLines < Options.SkipBad)
        {
            SkippedLines++;
            return true;
        }

        return false;
    }

    /// <summary>Throws an error about the current line (not skippable).</summary>
    protected InputException LineError(string problem, string? remedy = null) => InputException.AtLine(Path, LineNumber, problem, remedy);

    private void Fill(int want)
    {
        while (_queueCount < want)
        {
            if (!_lines.TryReadLine(out var line))
            {
                _ended = true;
                OnEndOfInput();
                return;
            }

            if (_lines.LineTooLong)
            {
                Bad(line, $"the line is longer than {LineReader.MaxLineBytes} bytes (binary data?)", null);
                continue;
            }

            var before = _queueCount;
            var ok = ParseLine(line);
            if (_lines.LineUnterminated && (!ok || _queueCount != before))
            {
                // A last line without its newline may have been cut anywhere, even mid-number.
                _queueCount = before;
                Bad(line, "the file ends in the middle of this line (truncated?)", "If the line is complete, end the file with a newline; if the capture was cut, drop it with `hmstrace trace convert --skip-bad 1` and replay the converted file");
            }
            else if (!ok)
            {
                Bad(line, _problem, _remedy);
            }
        }
    }

    private void Bad(ReadOnlySpan<byte> line, string problem, string? remedy)
    {
        if (TrySkip())
        {
            return;
        }

        var skipped = SkippedLines > 0 ? $" (after skipping {SkippedLines} bad lines, the --skip-bad limit)" : string.Empty;
        throw InputException.AtLine(
            Path,
            LineNumber,
            $"{problem}: '{Ascii.Quote(line)}'{skipped}",
            remedy ?? "Fix or remove the line, check --from names the right format, or drop bad lines with `hmstrace trace convert --skip-bad N` and replay the converted file");
    }
}
