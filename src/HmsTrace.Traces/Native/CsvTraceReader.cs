using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace HmsTrace.Traces.Native;

/// <summary>
/// Streams records of a native CSV trace with CsvHelper's parser. Initiators are named in the rows
/// and added to <see cref="TraceHeader.Initiators"/> in order of first appearance.
/// </summary>
public sealed class CsvTraceReader : ITraceReader
{
    private readonly StreamReader _text;
    private readonly CsvParser _parser;
    private readonly List<string> _initiators = [];
    private readonly Dictionary<string, ushort> _initiatorIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ushort>.AlternateLookup<ReadOnlySpan<char>> _initiatorLookup;
    private readonly string _path;

    /// <summary>Reads and checks the header line of <paramref name="content"/>; the reader owns the stream.</summary>
    public CsvTraceReader(Stream content, string path)
    {
        ArgumentNullException.ThrowIfNull(content);
        _path = path;
        _initiatorLookup = _initiatorIndex.GetAlternateLookup<ReadOnlySpan<char>>();
        _text = new StreamReader(content, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, CompressedInput.BufferSize);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = true,
            // Caching field strings costs more than it saves: most fields are distinct numbers.
            CacheFields = false,
            BadDataFound = null,
            AllowComments = true,
            Comment = '#',
            IgnoreBlankLines = true,
            BufferSize = 1 << 16,
        };
        _parser = new CsvParser(_text, config);
        if (!ReadRow())
        {
            throw InputException.AtLine(path, 1, "the header line is missing", $"Start the file with {string.Join(',', CsvTraceColumns.Header)}");
        }

        var header = _parser.Record ?? [];
        if (!header.AsSpan().SequenceEqual(CsvTraceColumns.Header))
        {
            throw InputException.AtLine(path, _parser.Row, $"the header is '{string.Join(',', header)}'", $"The first line must be exactly {string.Join(',', CsvTraceColumns.Header)}");
        }

        Header = new TraceHeader(path, CsvTraceFormat.Instance.Name, _initiators, null);
    }

    /// <inheritdoc />
    public TraceHeader Header { get; }

    /// <inheritdoc />
    public int Read(Span<TraceRecord> destination)
    {
        var n = 0;
        while (n < destination.Length && ReadRow())
        {
            destination[n++] = ParseRow();
        }

        return n;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _parser.Dispose();
        _text.Dispose();
    }

    private bool ReadRow()
    {
        try
        {
            return _parser.Read();
        }
        catch (Exception e) when (e is CsvHelperException or InvalidDataException or IOException)
        {
            throw InputException.AtLine(_path, Math.Max(1, _parser.Row), $"cannot be read as CSV: {e.Message.Split('\n')[0]}", "Check the quoting on that line", e);
        }
    }

    private TraceRecord ParseRow()
    {
        var line = _parser.Row;
        if (_parser.Count != CsvTraceColumns.Header.Length)
        {
            throw InputException.AtLine(_path, line, $"has {_parser.Count} fields, expected {CsvTraceColumns.Header.Length} ({string.Join(',', CsvTraceColumns.Header)})", "Fix or remove the line");
        }

        // Fast path: CsvParser has framed the record (quotes, comments, blank lines, line numbers);
        // when the row holds no quote, its fields are exactly the text between the commas, so they
        // are sliced from the one raw-record string instead of allocating a string per field.
        var raw = _parser.RawRecord.AsSpan().TrimEnd("\r\n");
        if (!raw.Contains('"'))
        {
            Span<Range> fields = stackalloc Range[CsvTraceColumns.Header.Length];
            if (raw.Split(fields, ',') == fields.Length)
            {
                return ParseFields(
                    raw[fields[0]], raw[fields[1]], raw[fields[2]], raw[fields[3]], raw[fields[4]], raw[fields[5]], raw[fields[6]], line);
            }
        }

        return ParseFields(_parser[0], _parser[1], _parser[2], _parser[3], _parser[4], _parser[5], _parser[6], line);
    }

    private TraceRecord ParseFields(
        ReadOnlySpan<char> timeText,
        ReadOnlySpan<char> pidText,
        ReadOnlySpan<char> initiatorText,
        ReadOnlySpan<char> opText,
        ReadOnlySpan<char> addressText,
        ReadOnlySpan<char> sizeText,
        ReadOnlySpan<char> argText,
        long line)
    {
        var time = ParseSigned(timeText, line, "t_ns");
        var pid = ParseUnsigned(pidText, line, "pid");
        if (pid > uint.MaxValue)
        {
            throw InputException.AtLine(_path, line, $"pid {pid} does not fit in 32 bits", "Use the process id as the operating system reports it");
        }

        var initiator = Initiator(initiatorText, line);
        if (!CsvTraceColumns.TryParseOperation(opText, out var op))
        {
            throw InputException.AtLine(_path, line, $"unknown op '{opText}'", $"Use one of {string.Join(", ", CsvTraceColumns.OperationNames)}");
        }

        var address = ParseUnsigned(addressText, line, "address");
        var size = ParseUnsigned(sizeText, line, "size");
        var arg = argText.Length == 0 ? 0 : ParseUnsigned(argText, line, "arg");
        if (address + size < address)
        {
            throw InputException.AtLine(_path, line, $"address 0x{address:x} + size {size} overflows the 64-bit address space", "Check the address and size columns");
        }

        if (op <= TraceOperation.Write && size == 0)
        {
            throw InputException.AtLine(_path, line, "an access of size 0", "Accesses touch at least one byte");
        }

        return new TraceRecord(time, address, size, arg, (uint)pid, initiator, op);
    }

    private ushort Initiator(ReadOnlySpan<char> name, long line)
    {
        if (_initiatorLookup.TryGetValue(name, out var index))
        {
            return index;
        }

        if (name.Length == 0)
        {
            throw InputException.AtLine(_path, line, "the initiator is empty", "Name the CPU or device that made the access, e.g. cpu0 or gpu0");
        }

        if (_initiators.Count >= BinaryTraceLayout.MaxInitiators)
        {
            throw InputException.AtLine(_path, line, $"more than {BinaryTraceLayout.MaxInitiators} distinct initiators", "Merge initiators");
        }

        index = (ushort)_initiators.Count;
        var text = name.ToString();
        _initiators.Add(text);
        _initiatorIndex.Add(text, index);
        return index;
    }

    private long ParseSigned(ReadOnlySpan<char> text, long line, string column)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
        {
            return v;
        }

        throw InputException.AtLine(_path, line, $"{column} '{text}' is not an integer", "Write a decimal integer");
    }

    private ulong ParseUnsigned(ReadOnlySpan<char> text, long line, string column)
    {
        var ok = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v)
            : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out v);
        if (ok)
        {
            return v;
        }

        var why = text.StartsWith("-") ? "is negative" : "is not a non-negative integer that fits in 64 bits";
        throw InputException.AtLine(_path, line, $"{column} '{text}' {why}", "Write a decimal number or 0x-prefixed hexadecimal");
    }
}
