namespace HmsTrace.Traces.Import;

/// <summary>
/// Iterates the complete lines of a detection head (the first bytes of a file): a last line
/// without its newline is left out when the head was cut at the detection window, since it may
/// end anywhere.
/// </summary>
internal ref struct HeadLines
{
    private ReadOnlySpan<byte> _rest;

    public HeadLines(ReadOnlySpan<byte> head)
    {
        if (head.Length >= TraceFile.DetectionWindow)
        {
            var last = head.LastIndexOf((byte)'\n');
            head = last < 0 ? default : head[..(last + 1)];
        }

        _rest = head;
    }

    /// <summary>The next line without its newline (and without a trailing <c>\r</c>).</summary>
    public bool Next(out ReadOnlySpan<byte> line)
    {
        if (_rest.IsEmpty)
        {
            line = default;
            return false;
        }

        var newline = _rest.IndexOf((byte)'\n');
        if (newline < 0)
        {
            line = _rest;
            _rest = default;
        }
        else
        {
            line = _rest[..newline];
            _rest = _rest[(newline + 1)..];
        }

        if (!line.IsEmpty && line[^1] == '\r')
        {
            line = line[..^1];
        }

        return true;
    }

    /// <summary>
    /// Scores a head from counts of lines a format recognises and does not: 0 when fewer than
    /// <paramref name="minGood"/> lines were recognised or more than one in ten was not, else
    /// <paramref name="score"/>.
    /// </summary>
    public static int Score(int good, int bad, int minGood, int score)
        => good >= minGood && bad * 10 <= good ? score : 0;
}
