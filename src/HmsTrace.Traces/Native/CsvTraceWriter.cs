using System.Globalization;
using System.IO.Compression;
using CsvHelper;
using CsvHelper.Configuration;

namespace HmsTrace.Traces.Native;

/// <summary>
/// Writes the native CSV trace format (gzip when the name ends in <c>.gz</c>) with CsvHelper.
/// Addresses are written as <c>0x</c>-prefixed hexadecimal; the rest in decimal.
/// </summary>
public sealed class CsvTraceWriter : ITraceWriter
{
    private readonly IReadOnlyList<string> _initiators;
    private readonly StagedFile _staged;
    private readonly Stream? _gzip;
    private readonly StreamWriter _text;
    private readonly CsvWriter _csv;
    private bool _closed;

    /// <summary>Creates the writer; <paramref name="initiators"/> names the initiator indices of the records.</summary>
    public CsvTraceWriter(string path, IReadOnlyList<string> initiators)
    {
        ArgumentNullException.ThrowIfNull(path);
        _initiators = initiators ?? throw new ArgumentNullException(nameof(initiators));
        _staged = new StagedFile(path);
        Stream output = _staged.Stream;
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            _gzip = new GZipStream(_staged.Stream, CompressionLevel.Fastest, leaveOpen: true);
            output = _gzip;
        }

        _text = new StreamWriter(output, new System.Text.UTF8Encoding(false), CompressedInput.BufferSize, leaveOpen: true) { NewLine = "\n" };
        _csv = new CsvWriter(_text, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\n" });
        foreach (var column in CsvTraceColumns.Header)
        {
            _csv.WriteField(column);
        }

        _csv.NextRecord();
    }

    /// <inheritdoc />
    public void Write(ReadOnlySpan<TraceRecord> records)
    {
        Span<char> buffer = stackalloc char[24];
        foreach (ref readonly var r in records)
        {
            _csv.WriteField(Format(buffer, r.TimeNs), shouldQuote: false);
            _csv.WriteField(Format(buffer, r.ProcessId), shouldQuote: false);
            _csv.WriteField(_initiators[r.Initiator]);
            _csv.WriteField(CsvTraceColumns.OperationNames[(int)r.Operation], shouldQuote: false);
            _csv.WriteField(string.Create(CultureInfo.InvariantCulture, $"0x{r.Address:x}"), shouldQuote: false);
            _csv.WriteField(Format(buffer, r.Size), shouldQuote: false);
            _csv.WriteField(Format(buffer, r.Argument), shouldQuote: false);
            _csv.NextRecord();
        }
    }

    /// <inheritdoc />
    public void Complete()
    {
        Close();
        _staged.Commit();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Close();
        _staged.Dispose();
    }

    /// <summary>
    /// Flushes and closes the CSV, text and gzip layers, innermost last, once: they flush again when
    /// disposed, so closing them after the staged file would write to a closed stream.
    /// </summary>
    private void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _csv.Dispose();
        _text.Dispose();
        _gzip?.Dispose();
    }

    private static string Format<T>(Span<char> buffer, T value)
        where T : ISpanFormattable
        => value.TryFormat(buffer, out var n, default, CultureInfo.InvariantCulture) ? new string(buffer[..n]) : value.ToString(null, CultureInfo.InvariantCulture);
}
