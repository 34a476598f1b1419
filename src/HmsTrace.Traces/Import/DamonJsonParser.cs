using System.Text;
using System.Text.Json;

namespace HmsTrace.Traces.Import;

/// <summary>
/// Streams the snapshots of a damo JSON record file (damo's <c>_damo_records.py</c>
/// <c>DamonRecord.to_kvpairs</c>): an array of records (one per monitoring target, with
/// <c>target_id</c> and <c>snapshots</c>; newer files add <c>kdamond_idx</c>, <c>context_idx</c>,
/// <c>intervals</c>, <c>scheme_idx</c>), each snapshot with <c>start_time</c>, <c>end_time</c>,
/// <c>regions</c> (and, newer, <c>total_bytes</c>), each region with <c>start</c>, <c>end</c>,
/// <c>nr_accesses</c> and <c>age</c>. Numbers may be JSON numbers or strings with thousands
/// separators (<c>"94,827,419,009,024"</c>); <c>nr_accesses</c> and <c>age</c> may be plain
/// numbers (old files) or objects (<c>{"samples": n, "percent": ...}</c>,
/// <c>{"usec": ..., "aggr_intervals": n}</c>). Unknown keys are skipped. One snapshot at a time
/// is in memory.
/// </summary>
internal sealed class DamonJsonParser : IDisposable
{
    private readonly JsonTokenStream _json;
    private readonly string _path;
    private State _state;

    public DamonJsonParser(Stream json, string path)
    {
        _json = new JsonTokenStream(json, path);
        _path = path;
    }

    public enum Item
    {
        Snapshot,
        RecordEnd,
        End,
    }

    private enum State
    {
        Start,
        Records,
        InRecord,
        InSnapshots,
        Done,
    }

    /// <summary>0-based index of the current record (target) in the file.</summary>
    public int RecordIndex { get; private set; } = -1;

    /// <summary>The current record's <c>target_id</c> as damo prints it (<c>None</c> when absent or null).</summary>
    public string TargetId { get; private set; } = "None";

    /// <summary>Reads up to the next snapshot (filled into <paramref name="snapshot"/>), record end, or end of file.</summary>
    public Item Next(DamonSnapshot snapshot)
    {
        while (true)
        {
            switch (_state)
            {
                case State.Start:
                    Expect(JsonTokenType.StartArray, "a JSON array of DAMON records");
                    _state = State.Records;
                    break;
                case State.Records:
                    ReadToken("a record or ']'");
                    if (_json.TokenType == JsonTokenType.EndArray)
                    {
                        if (_json.Read())
                        {
                            throw Error("there is more after the array of records");
                        }

                        _state = State.Done;
                        return Item.End;
                    }

                    Require(JsonTokenType.StartObject, "a record object");
                    RecordIndex++;
                    TargetId = "None";
                    _state = State.InRecord;
                    break;
                case State.InRecord:
                    ReadToken("a record key or '}'");
                    if (_json.TokenType == JsonTokenType.EndObject)
                    {
                        _state = State.Records;
                        return Item.RecordEnd;
                    }

                    if (_json.Value.SequenceEqual("target_id"u8))
                    {
                        ReadToken("the target id");
                        TargetId = _json.TokenType switch
                        {
                            JsonTokenType.Number or JsonTokenType.String => Encoding.UTF8.GetString(_json.Value),
                            JsonTokenType.Null => "None",
                            _ => throw Error("target_id is not a number or string"),
                        };
                    }
                    else if (_json.Value.SequenceEqual("snapshots"u8))
                    {
                        ReadToken("the snapshots array");
                        if (_json.TokenType != JsonTokenType.Null)
                        {
                            Require(JsonTokenType.StartArray, "an array of snapshots");
                            _state = State.InSnapshots;
                        }
                    }
                    else
                    {
                        SkipValue();
                    }

                    break;
                case State.InSnapshots:
                    ReadToken("a snapshot or ']'");
                    if (_json.TokenType == JsonTokenType.EndArray)
                    {
                        _state = State.InRecord;
                        break;
                    }

                    Require(JsonTokenType.StartObject, "a snapshot object");
                    ParseSnapshot(snapshot);
                    return Item.Snapshot;
                default:
                    return Item.End;
            }
        }
    }

    public void Dispose() => _json.Dispose();

    private void ParseSnapshot(DamonSnapshot snapshot)
    {
        var at = _json.TokenOffset;
        snapshot.Regions.Clear();
        snapshot.EstimatedStartNs = null;
        long? start = null, end = null;
        while (true)
        {
            ReadToken("a snapshot key or '}'");
            if (_json.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            if (_json.Value.SequenceEqual("start_time"u8))
            {
                start = ReadTime("start_time");
            }
            else if (_json.Value.SequenceEqual("end_time"u8))
            {
                end = ReadTime("end_time");
            }
            else if (_json.Value.SequenceEqual("regions"u8))
            {
                Expect(JsonTokenType.StartArray, "an array of regions");
                while (true)
                {
                    ReadToken("a region or ']'");
                    if (_json.TokenType == JsonTokenType.EndArray)
                    {
                        break;
                    }

                    Require(JsonTokenType.StartObject, "a region object");
                    snapshot.Regions.Add(ParseRegion());
                }
            }
            else
            {
                SkipValue();
            }
        }

        if (start is null || end is null)
        {
            throw InputException.AtOffset(_path, at, "a snapshot lacks start_time or end_time (offset in the decompressed JSON)", "The DAMON record is damaged");
        }

        if (end < start)
        {
            throw InputException.AtOffset(_path, at, $"a snapshot ends ({end} ns) before it starts ({start} ns)", "The DAMON record is damaged");
        }

        snapshot.StartNs = start.Value;
        snapshot.EndNs = end.Value;
    }

    private DamonRegion ParseRegion()
    {
        var at = _json.TokenOffset;
        ulong? start = null, end = null;
        long? accesses = null, age = null;
        while (true)
        {
            ReadToken("a region key or '}'");
            if (_json.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            if (_json.Value.SequenceEqual("start"u8))
            {
                start = ReadUnsigned("start");
            }
            else if (_json.Value.SequenceEqual("end"u8))
            {
                end = ReadUnsigned("end");
            }
            else if (_json.Value.SequenceEqual("nr_accesses"u8))
            {
                accesses = ReadCountOrObject("nr_accesses", "samples"u8);
            }
            else if (_json.Value.SequenceEqual("age"u8))
            {
                age = ReadCountOrObject("age", "aggr_intervals"u8);
            }
            else
            {
                SkipValue();
            }
        }

        if (start is null || end is null || accesses is null)
        {
            throw InputException.AtOffset(_path, at, "a region lacks start, end or nr_accesses.samples (offset in the decompressed JSON)", "The DAMON record is damaged or from an unsupported damo version");
        }

        if (end <= start)
        {
            throw InputException.AtOffset(_path, at, $"a region ends (0x{end:x}) at or before it starts (0x{start:x})", "The DAMON record is damaged");
        }

        return new DamonRegion(start.Value, end.Value, accesses.Value, age);
    }

    /// <summary>Reads a plain count, or an object whose <paramref name="key"/> holds it (null → null).</summary>
    private long? ReadCountOrObject(string what, ReadOnlySpan<byte> key)
    {
        ReadToken(what);
        if (_json.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (_json.TokenType != JsonTokenType.StartObject)
        {
            return (long)Math.Min(ParseUnsigned(what), long.MaxValue);
        }

        long? value = null;
        while (true)
        {
            ReadToken($"a key of {what} or '}}'");
            if (_json.TokenType == JsonTokenType.EndObject)
            {
                return value;
            }

            if (_json.Value.SequenceEqual(key))
            {
                ReadToken(what);
                value = _json.TokenType == JsonTokenType.Null ? null : (long)Math.Min(ParseUnsigned(what), long.MaxValue);
            }
            else
            {
                SkipValue();
            }
        }
    }

    private long ReadTime(string what)
    {
        var v = ReadUnsigned(what);
        if (v > long.MaxValue)
        {
            throw Error($"{what} {v} ns is out of range");
        }

        return (long)v;
    }

    private ulong ReadUnsigned(string what)
    {
        ReadToken(what);
        return ParseUnsigned(what);
    }

    /// <summary>A JSON integer, or a string of digits with optional thousands separators (damo's text_to_nr).</summary>
    private ulong ParseUnsigned(string what)
    {
        if (_json.TokenType is JsonTokenType.Number or JsonTokenType.String)
        {
            var text = _json.Value;
            Span<byte> digits = stackalloc byte[32];
            var n = 0;
            foreach (var b in text)
            {
                if (b == ',' && _json.TokenType == JsonTokenType.String)
                {
                    continue;
                }

                if (n == digits.Length)
                {
                    n = -1;
                    break;
                }

                digits[n++] = b;
            }

            if (n > 0 && Ascii.TryParseDecimal(digits[..n], out var v))
            {
                return v;
            }

            throw Error($"{what} '{Ascii.Quote(text)}' is not a non-negative integer that fits in 64 bits");
        }

        throw Error($"{what} is a {_json.TokenType}, not a number");
    }

    private void SkipValue()
    {
        ReadToken("a value");
        if (_json.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return;
        }

        var depth = 1;
        while (depth > 0)
        {
            ReadToken("the end of a value");
            if (_json.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                depth++;
            }
            else if (_json.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                depth--;
            }
        }
    }

    private void Expect(JsonTokenType type, string what)
    {
        ReadToken(what);
        Require(type, what);
    }

    private void Require(JsonTokenType type, string what)
    {
        if (_json.TokenType != type)
        {
            throw Error($"expected {what}, found {_json.TokenType}");
        }
    }

    private void ReadToken(string what)
    {
        if (!_json.Read())
        {
            throw InputException.AtOffset(_path, _json.TokenOffset, $"the JSON ends where {what} should be", "The DAMON record is truncated; record it again");
        }
    }

    private InputException Error(string problem)
        => InputException.AtOffset(_path, _json.TokenOffset, $"{problem} (offset in the decompressed JSON)", "The DAMON record is damaged or not a damo record file");
}
