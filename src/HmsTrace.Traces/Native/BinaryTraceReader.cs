using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace HmsTrace.Traces.Native;

/// <summary>
/// Streams records of a binary trace. On little-endian machines records are read straight into the
/// caller's buffer and only validated; nothing is parsed field by field.
/// </summary>
public sealed class BinaryTraceReader : ITraceReader
{
    private readonly Stream _stream;
    private readonly long _headerLength;
    private readonly long _count;
    private readonly int _initiatorCount;
    private long _recordsRead;
    private bool _endChecked;

    /// <summary>Reads the header of <paramref name="stream"/>; the reader owns the stream.</summary>
    public BinaryTraceReader(Stream stream, string path)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        Path = path;
        Span<byte> fixedHeader = stackalloc byte[BinaryTraceLayout.FixedHeaderSize];
        ReadExactly(fixedHeader, 0, "the header");
        if (!fixedHeader.StartsWith(BinaryTraceLayout.Magic))
        {
            throw InputException.AtOffset(path, 0, "wrong magic: this is not an HmsTrace binary trace", "Name the format with --from, or convert the file with `hmstrace trace convert`");
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(fixedHeader[BinaryTraceLayout.VersionOffset..]);
        if (version != BinaryTraceLayout.FormatVersion)
        {
            throw InputException.AtOffset(path, BinaryTraceLayout.VersionOffset, $"format version {version} is not supported (this HmsTrace reads version {BinaryTraceLayout.FormatVersion})", "Convert the trace with the HmsTrace version that wrote it");
        }

        var recordSize = BinaryPrimitives.ReadUInt16LittleEndian(fixedHeader[BinaryTraceLayout.RecordSizeOffset..]);
        if (recordSize != TraceRecord.EncodedSize)
        {
            throw InputException.AtOffset(path, BinaryTraceLayout.RecordSizeOffset, $"record size {recordSize} is not {TraceRecord.EncodedSize}", "The file is damaged or not a version 1 trace");
        }

        _headerLength = BinaryPrimitives.ReadUInt32LittleEndian(fixedHeader[BinaryTraceLayout.HeaderLengthOffset..]);
        var count = BinaryPrimitives.ReadUInt64LittleEndian(fixedHeader[BinaryTraceLayout.RecordCountOffset..]);
        if (count > long.MaxValue / TraceRecord.EncodedSize)
        {
            throw InputException.AtOffset(path, BinaryTraceLayout.RecordCountOffset, $"record count {count} is impossibly large", "The file is damaged");
        }

        _count = (long)count;
        _initiatorCount = BinaryPrimitives.ReadUInt16LittleEndian(fixedHeader[BinaryTraceLayout.InitiatorCountOffset..]);
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(fixedHeader[BinaryTraceLayout.FlagsOffset..]);
        if (flags != 0)
        {
            throw InputException.AtOffset(path, BinaryTraceLayout.FlagsOffset, $"unknown flags 0x{flags:x4}", "The file was written by a newer HmsTrace");
        }

        var initiators = new List<string>(_initiatorCount);
        long offset = BinaryTraceLayout.FixedHeaderSize;
        Span<byte> name = stackalloc byte[BinaryTraceLayout.MaxInitiatorNameBytes];
        Span<byte> one = stackalloc byte[1];
        for (var i = 0; i < _initiatorCount; i++)
        {
            ReadExactly(one, offset, "the initiator table");
            var length = one[0];
            if (length == 0)
            {
                throw InputException.AtOffset(path, offset, $"initiator {i} has an empty name", "The file is damaged");
            }

            ReadExactly(name[..length], offset + 1, "the initiator table");
            try
            {
                initiators.Add(new UTF8Encoding(false, true).GetString(name[..length]));
            }
            catch (DecoderFallbackException e)
            {
                throw InputException.AtOffset(path, offset + 1, $"initiator {i}'s name is not UTF-8", "The file is damaged", e);
            }

            offset += 1 + length;
        }

        var padding = _headerLength - offset;
        if (padding < 0 || padding >= BinaryTraceLayout.Alignment || _headerLength % BinaryTraceLayout.Alignment != 0)
        {
            throw InputException.AtOffset(path, BinaryTraceLayout.HeaderLengthOffset, $"header length {_headerLength} does not match the initiator table ending at {offset}", "The file is damaged");
        }

        Span<byte> pad = stackalloc byte[BinaryTraceLayout.Alignment];
        ReadExactly(pad[..(int)padding], offset, "the header padding");
        Header = new TraceHeader(path, BinaryTraceFormat.Instance.Name, initiators, _count);
    }

    /// <summary>The file being read, for messages.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public TraceHeader Header { get; }

    /// <inheritdoc />
    public int Read(Span<TraceRecord> destination)
    {
        var remaining = _count - _recordsRead;
        if (remaining <= 0)
        {
            if (!_endChecked)
            {
                EnsureEnd();
                _endChecked = true;
            }

            return 0;
        }

        var want = (int)Math.Min(destination.Length, remaining);
        var target = destination[..want];
        var bytes = MemoryMarshal.AsBytes(target);
        var got = _stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (got < bytes.Length)
        {
            var at = _headerLength + (_recordsRead * TraceRecord.EncodedSize) + got;
            throw InputException.AtOffset(Path, at, $"the file ends inside record {_recordsRead + (got / TraceRecord.EncodedSize)}, but the header promises {_count} records", "The trace was truncated; capture or convert it again");
        }

        Validate(bytes, target.Length);
        if (!BitConverter.IsLittleEndian)
        {
            SwapToHost(bytes);
        }

        _recordsRead += want;
        return want;
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();

    private void Validate(ReadOnlySpan<byte> bytes, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var r = bytes.Slice(i * TraceRecord.EncodedSize, TraceRecord.EncodedSize);
            var op = r[BinaryTraceLayout.OperationOffset];
            var initiator = BinaryPrimitives.ReadUInt16LittleEndian(r[BinaryTraceLayout.InitiatorOffset..]);
            var address = BinaryPrimitives.ReadUInt64LittleEndian(r[BinaryTraceLayout.AddressOffset..]);
            var size = BinaryPrimitives.ReadUInt64LittleEndian(r[BinaryTraceLayout.SizeOffset..]);
            if (op > (byte)BinaryTraceLayout.MaxOperation | initiator >= _initiatorCount | r[BinaryTraceLayout.ReservedOffset] != 0 | address + size < address | (op <= (byte)TraceOperation.Write & size == 0))
            {
                Fail(i, op, initiator, address, size, r[BinaryTraceLayout.ReservedOffset]);
            }
        }
    }

    private void Fail(int index, byte op, ushort initiator, ulong address, ulong size, byte reserved)
    {
        var recordIndex = _recordsRead + index;
        var at = _headerLength + (recordIndex * TraceRecord.EncodedSize);
        if (op > (byte)BinaryTraceLayout.MaxOperation)
        {
            throw InputException.AtOffset(Path, at + BinaryTraceLayout.OperationOffset, $"record {recordIndex} has unknown operation code {op}", "The file is damaged or was written by a newer HmsTrace");
        }

        if (initiator >= _initiatorCount)
        {
            throw InputException.AtOffset(Path, at + BinaryTraceLayout.InitiatorOffset, $"record {recordIndex} names initiator {initiator}, but the header lists only {_initiatorCount}", "The file is damaged");
        }

        if (reserved != 0)
        {
            throw InputException.AtOffset(Path, at + BinaryTraceLayout.ReservedOffset, $"record {recordIndex} has a non-zero reserved byte", "The file is damaged");
        }

        if (op <= (byte)TraceOperation.Write && size == 0)
        {
            throw InputException.AtOffset(Path, at + BinaryTraceLayout.SizeOffset, $"record {recordIndex} is an access of size 0", "Accesses touch at least one byte; the file is damaged");
        }

        throw InputException.AtOffset(Path, at + BinaryTraceLayout.SizeOffset, $"record {recordIndex}: address 0x{address:x} + size {size} overflows the 64-bit address space", "The file is damaged");
    }

    private void EnsureEnd()
    {
        Span<byte> probe = stackalloc byte[1];
        if (_stream.Read(probe) != 0)
        {
            var at = _headerLength + (_count * TraceRecord.EncodedSize);
            throw InputException.AtOffset(Path, at, $"there are bytes after the {_count} records the header announces", "The file is damaged or was concatenated; convert it again");
        }
    }

    private void ReadExactly(Span<byte> buffer, long offset, string what)
    {
        var got = _stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (got < buffer.Length)
        {
            throw InputException.AtOffset(Path, offset + got, $"the file ends inside {what}", "The trace was truncated");
        }
    }

    private static void SwapToHost(Span<byte> bytes)
    {
        for (var i = 0; i < bytes.Length; i += TraceRecord.EncodedSize)
        {
            var r = bytes.Slice(i, TraceRecord.EncodedSize);
            for (var f = 0; f < 32; f += 8)
            {
                BinaryPrimitives.WriteUInt64BigEndian(r[f..], BinaryPrimitives.ReadUInt64LittleEndian(r[f..]));
            }

            BinaryPrimitives.WriteUInt32BigEndian(r[32..], BinaryPrimitives.ReadUInt32LittleEndian(r[32..]));
            BinaryPrimitives.WriteUInt16BigEndian(r[36..], BinaryPrimitives.ReadUInt16LittleEndian(r[36..]));
        }
    }
}
