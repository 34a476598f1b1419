namespace HmsTrace.Traces.Import;

/// <summary>
/// Splits a byte stream into lines without allocating: each line is a span into an internal
/// buffer, valid until the next call. Lines end at <c>\n</c> (a preceding <c>\r</c> is dropped).
/// A line longer than <see cref="MaxLineBytes"/> is returned cut, flagged
/// <see cref="LineTooLong"/>, and the rest of it is discarded. Mutable; one consumer.
/// </summary>
internal sealed class LineReader : IDisposable
{
    /// <summary>Longest line kept whole. Real trace lines are under 200 bytes; binary data has no newlines.</summary>
    public const int MaxLineBytes = 64 * 1024;

    private const int BufferSize = 1 << 20;

    private readonly Stream _stream;
    private readonly string _path;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _start;
    private int _end;
    private bool _eof;
    private long _consumedBefore;

    public LineReader(Stream stream, string path)
    {
        _stream = stream;
        _path = path;
    }

    /// <summary>1-based number of the line last returned (0 before the first).</summary>
    public long LineNumber { get; private set; }

    /// <summary>Byte offset of the start of the line last returned.</summary>
    public long LineOffset { get; private set; }

    /// <summary>Whether the line last returned was cut at <see cref="MaxLineBytes"/>.</summary>
    public bool LineTooLong { get; private set; }

    /// <summary>Whether the line last returned ended at the end of the input without a newline.</summary>
    public bool LineUnterminated { get; private set; }

    /// <summary>Returns the next line, or false at the end of the input.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var available = _buffer.AsSpan(_start, _end - _start);
            var newline = available.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = Take(newline, newline + 1, tooLong: false, unterminated: false);
                return true;
            }

            if (_eof)
            {
                if (available.IsEmpty)
                {
                    line = default;
                    return false;
                }

                line = Take(available.Length, available.Length, tooLong: false, unterminated: true);
                return true;
            }

            if (available.Length >= MaxLineBytes)
            {
                line = Take(MaxLineBytes, MaxLineBytes, tooLong: true, unterminated: false);
                DiscardRestOfLine();
                return true;
            }

            Fill();
        }
    }

    public void Dispose() => _stream.Dispose();

    private ReadOnlySpan<byte> Take(int length, int consumed, bool tooLong, bool unterminated)
    {
        var line = _buffer.AsSpan(_start, length);
        if (!line.IsEmpty && line[^1] == '\r')
        {
            line = line[..^1];
        }

        LineNumber++;
        LineOffset = _consumedBefore + _start;
        LineTooLong = tooLong;
        LineUnterminated = unterminated;
        _start += consumed;
        return line;
    }

    private void DiscardRestOfLine()
    {
        while (true)
        {
            var available = _buffer.AsSpan(_start, _end - _start);
            var newline = available.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                _start += newline + 1;
                return;
            }

            _start = _end;
            if (_eof)
            {
                return;
            }

            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            var remaining = _end - _start;
            _buffer.AsSpan(_start, remaining).CopyTo(_buffer);
            _consumedBefore += _start;
            _start = 0;
            _end = remaining;
        }

        int n;
        try
        {
            n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw InputException.AtLine(_path, LineNumber + 1, $"cannot be read: {e.Message}", "The file (or its compression) is damaged; capture it again", e);
        }

        if (n == 0)
        {
            _eof = true;
        }

        _end += n;
    }
}
