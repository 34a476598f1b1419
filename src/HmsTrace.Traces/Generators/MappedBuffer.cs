namespace HmsTrace.Traces.Generators;

/// <summary>A buffer a generated workload maps: where, how big (whole pages), by whom.</summary>
internal readonly record struct MappedBuffer(uint ProcessId, ushort Initiator, ulong Address, ulong MappedBytes)
{
    /// <summary>Buffers are mapped from here up, like the mmap area of a Linux x86-64 process.</summary>
    public const ulong FirstAddress = 0x7f00_0000_0000;

    /// <summary>Mapping granule and the alignment of every buffer: 4 KiB.</summary>
    public const ulong PageBytes = 4096;

    /// <summary>Consecutive buffers start on 2 MiB boundaries with at least one unmapped page between them.</summary>
    private const ulong BufferAlignment = 2 << 20;

    /// <summary>Lays out buffers of <paramref name="sizes"/> bytes one after another in the address space of one process.</summary>
    public static MappedBuffer[] Layout(uint processId, ushort initiator, ReadOnlySpan<long> sizes)
    {
        var buffers = new MappedBuffer[sizes.Length];
        var address = FirstAddress;
        for (var i = 0; i < sizes.Length; i++)
        {
            var mapped = RoundUp((ulong)sizes[i], PageBytes);
            buffers[i] = new MappedBuffer(processId, initiator, address, mapped);
            address = RoundUp(address + mapped + PageBytes, BufferAlignment);
        }

        return buffers;
    }

    public static ulong RoundUp(ulong value, ulong multiple) => (value + multiple - 1) / multiple * multiple;
}
