namespace HmsTrace.Traces.Native;

/// <summary>
/// Constants of the HmsTrace binary trace format, version 1 (docs/trace-formats.md is the
/// field-by-field description; keep the two in step).
/// </summary>
internal static class BinaryTraceLayout
{
    /// <summary>"HMSTRACE" in ASCII.</summary>
    public static ReadOnlySpan<byte> Magic => "HMSTRACE"u8;

    public const ushort FormatVersion = 1;

    /// <summary>Offsets of the fixed header fields.</summary>
    public const int MagicOffset = 0;
    public const int VersionOffset = 8;
    public const int RecordSizeOffset = 10;
    public const int HeaderLengthOffset = 12;
    public const int RecordCountOffset = 16;
    public const int InitiatorCountOffset = 24;
    public const int FlagsOffset = 26;
    public const int FixedHeaderSize = 28;

    /// <summary>Records start at a multiple of this, counted from the start of the file.</summary>
    public const int Alignment = 8;

    /// <summary>Initiator names are at most this many UTF-8 bytes (length is one byte).</summary>
    public const int MaxInitiatorNameBytes = 255;

    /// <summary>At most this many initiators (the record's initiator field is 16 bits).</summary>
    public const int MaxInitiators = ushort.MaxValue;

    /// <summary>Offsets inside one 40-byte record.</summary>
    public const int TimeOffset = 0;
    public const int AddressOffset = 8;
    public const int SizeOffset = 16;
    public const int ArgumentOffset = 24;
    public const int ProcessIdOffset = 32;
    public const int InitiatorOffset = 36;
    public const int OperationOffset = 38;
    public const int ReservedOffset = 39;

    public const TraceOperation MaxOperation = TraceOperation.RegionAccess;
}
