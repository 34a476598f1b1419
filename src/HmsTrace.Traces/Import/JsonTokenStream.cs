using System.Text.Json;

namespace HmsTrace.Traces.Import;

/// <summary>
/// Pulls JSON tokens from a stream of any length with <see cref="Utf8JsonReader"/>, refilling a
/// buffer between tokens (the reader's state carries over), so a document is never held whole.
/// The current token's value is copied (unescaped for strings) and stays valid until the next
/// <see cref="Read"/>. Syntax errors become <see cref="InputException"/>s with the JSON line.
/// </summary>
internal sealed class JsonTokenStream : IDisposable
{
    private const int MaxBufferBytes = 64 << 20;

    private readonly Stream _stream;
    private readonly string _path;
    private byte[] _buffer = new byte[64 * 1024];
    private byte[] _value = new byte[256];
    private int _start;
    private int _end;
    private bool _final;
    private long _consumedBefore;
    private JsonReaderState _state;

    public JsonTokenStream(Stream stream, string path)
    {
        _stream = stream;
        _path = path;
    }

    public JsonTokenType TokenType { get; private set; }

    /// <summary>Byte offset of the current token in the (decompressed) JSON text.</summary>
    public long TokenOffset { get; private set; }

    /// <summary>The current string (unescaped) or number (as written); empty for other tokens.</summary>
    public ReadOnlySpan<byte> Value => _value.AsSpan(0, ValueLength);

    private int ValueLength { get; set; }

    /// <summary>Advances to the next token; false at the end of the document.</summary>
    public bool Read()
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            bool ok;
            try
            {
                ok = reader.Read();
                if (ok)
                {
                    Capture(ref reader);
                }
            }
            catch (JsonException e)
            {
                throw InputException.AtLine(_path, (e.LineNumber ?? 0) + 1, $"is not valid JSON (column {(e.BytePositionInLine ?? 0) + 1} of the decompressed text): {Ascii.Quote(System.Text.Encoding.UTF8.GetBytes(e.Message.Split(" LineNumber:")[0]), 200)}", "The DAMON record is damaged; record it again", e);
            }

            _start += (int)reader.BytesConsumed;
            _state = reader.CurrentState;
            if (ok)
            {
                return true;
            }

            if (_final)
            {
                return false;
            }

            Refill();
        }
    }

    public void Dispose() => _stream.Dispose();

    private void Capture(ref Utf8JsonReader reader)
    {
        TokenType = reader.TokenType;
        TokenOffset = _consumedBefore + _start + reader.TokenStartIndex;
        ValueLength = 0;
        if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName or JsonTokenType.Number)
        {
            var raw = reader.ValueSpan;
            if (raw.Length > _value.Length)
            {
                _value = new byte[Math.Max(raw.Length, _value.Length * 2)];
            }

            ValueLength = reader.TokenType == JsonTokenType.Number || !reader.ValueIsEscaped
                ? Copy(raw)
                : reader.CopyString(_value);
        }
    }

    private int Copy(ReadOnlySpan<byte> raw)
    {
        raw.CopyTo(_value);
        return raw.Length;
    }

    private void Refill()
    {
        var remaining = _end - _start;
        if (_start > 0)
        {
            _buffer.AsSpan(_start, remaining).CopyTo(_buffer);
            _consumedBefore += _start;
            _start = 0;
            _end = remaining;
        }
        else if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxBufferBytes)
            {
                throw InputException.AtOffset(_path, _consumedBefore, $"holds a JSON token longer than {MaxBufferBytes >> 20} MiB", "The file is not a DAMON record");
            }

            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        int n;
        try
        {
            n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw InputException.AtOffset(_path, _consumedBefore + _end, $"cannot be decompressed or read: {e.Message}", "The file is damaged or truncated; record it again", e);
        }

        if (n == 0)
        {
            _final = true;
        }

        _end += n;
    }
}
