using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;

namespace HmsTrace.Traces.Native;

/// <summary>
/// Writes a binary trace (gzip-compressed when the name ends in <c>.gz</c>). The header holds the
/// record count, so records go to a staging file first; the header is written (or patched) when the
/// writer completes, and the file is renamed into place only then.
/// </summary>
public sealed class BinaryTraceWriter : ITraceWriter
{
    private readonly IReadOnlyList<string> _initiators;
    private readonly int _initiatorsAtStart;
    private readonly bool _gzip;
    private readonly StagedFile _staged;
    private readonly int _provisionalHeaderLength;
    private readonly string _path;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
    private long _count;

    /// <summary>
    /// Creates the writer. <paramref name="initiators"/> is read again on <see cref="Complete"/>, so a
    /// list that grows while records are written (a CSV reader's) is written in full.
    /// </summary>
    public BinaryTraceWriter(string path, IReadOnlyList<string> initiators)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(initiators);
        _path = path;
        _initiators = initiators;
        _initiatorsAtStart = initiators.Count;
        _gzip = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        // The body gets its own temporary name: when the header must be rewritten (gzip, or an
        // initiator list that grew), the final file is staged under the plain temporary name.
        _staged = new StagedFile(path, ".body");
        var header = EncodeHeader(initiators, 0);
        _provisionalHeaderLength = header.Length;
        _staged.Stream.Write(header);
    }

    /// <inheritdoc />
    public void Write(ReadOnlySpan<TraceRecord> records)
    {
        while (!records.IsEmpty)
        {
            var n = Math.Min(records.Length, _buffer.Length / TraceRecord.EncodedSize);
            var bytes = _buffer.AsSpan(0, n * TraceRecord.EncodedSize);
            MemoryMarshal.AsBytes(records[..n]).CopyTo(bytes);
            for (var i = 0; i < n; i++)
            {
                var r = bytes.Slice(i * TraceRecord.EncodedSize, TraceRecord.EncodedSize);
                r[BinaryTraceLayout.ReservedOffset] = 0; // struct padding is not guaranteed zero
                if (!BitConverter.IsLittleEndian)
                {
                    ToLittleEndian(r, records[i]);
                }
            }

            _staged.Stream.Write(bytes);
            _count += n;
            records = records[n..];
        }
    }

    /// <inheritdoc />
    public void Complete()
    {
        var header = EncodeHeader(_initiators, _count);
        if (!_gzip && _initiators.Count == _initiatorsAtStart && header.Length == _provisionalHeaderLength)
        {
            _staged.Stream.Position = 0;
            _staged.Stream.Write(header);
            _staged.Commit();
            return;
        }

        using var final = new StagedFile(_path);
        Stream output = _gzip ? new GZipStream(final.Stream, CompressionLevel.Fastest, leaveOpen: true) : final.Stream;
        output.Write(header);
        _staged.Stream.Position = _provisionalHeaderLength;
        _staged.Stream.CopyTo(output, CompressedInput.BufferSize);
        if (_gzip)
        {
            output.Dispose();
        }

        final.Commit();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _staged.Dispose();
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    /// <summary>Encodes the header (magic, version, sizes, count, initiator table, padding).</summary>
    internal static byte[] EncodeHeader(IReadOnlyList<string> initiators, long count)
    {
        if (initiators.Count > BinaryTraceLayout.MaxInitiators)
        {
            throw new ArgumentException($"at most {BinaryTraceLayout.MaxInitiators} initiators fit in a binary trace", nameof(initiators));
        }

        var names = new byte[initiators.Count][];
        var length = BinaryTraceLayout.FixedHeaderSize;
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = Encoding.UTF8.GetBytes(initiators[i]);
            if (names[i].Length is 0 or > BinaryTraceLayout.MaxInitiatorNameBytes)
            {
                throw new ArgumentException($"initiator name '{initiators[i]}' must be 1 to {BinaryTraceLayout.MaxInitiatorNameBytes} UTF-8 bytes", nameof(initiators));
            }

            length += 1 + names[i].Length;
        }

        var padded = (length + BinaryTraceLayout.Alignment - 1) / BinaryTraceLayout.Alignment * BinaryTraceLayout.Alignment;
        var header = new byte[padded];
        BinaryTraceLayout.Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(BinaryTraceLayout.VersionOffset), BinaryTraceLayout.FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(BinaryTraceLayout.RecordSizeOffset), TraceRecord.EncodedSize);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(BinaryTraceLayout.HeaderLengthOffset), (uint)padded);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(BinaryTraceLayout.RecordCountOffset), (ulong)count);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(BinaryTraceLayout.InitiatorCountOffset), (ushort)names.Length);
        var at = BinaryTraceLayout.FixedHeaderSize;
        foreach (var name in names)
        {
            header[at] = (byte)name.Length;
            name.CopyTo(header, at + 1);
            at += 1 + name.Length;
        }

        return header;
    }

    private static void ToLittleEndian(Span<byte> r, in TraceRecord record)
    {
        BinaryPrimitives.WriteInt64LittleEndian(r[BinaryTraceLayout.TimeOffset..], record.TimeNs);
        BinaryPrimitives.WriteUInt64LittleEndian(r[BinaryTraceLayout.AddressOffset..], record.Address);
        BinaryPrimitives.WriteUInt64LittleEndian(r[BinaryTraceLayout.SizeOffset..], record.Size);
        BinaryPrimitives.WriteUInt64LittleEndian(r[BinaryTraceLayout.ArgumentOffset..], record.Argument);
        BinaryPrimitives.WriteUInt32LittleEndian(r[BinaryTraceLayout.ProcessIdOffset..], record.ProcessId);
        BinaryPrimitives.WriteUInt16LittleEndian(r[BinaryTraceLayout.InitiatorOffset..], record.Initiator);
        r[BinaryTraceLayout.OperationOffset] = (byte)record.Operation;
    }
}
