using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace HmsTrace.Engine.Ranges;

/// <summary>
/// Software prefetch: asks the CPU to start loading memory the engine will read a few records from
/// now, so that the cache misses of several records overlap instead of following one another.
/// A prefetch is only a hint: it never faults and never changes a result, so a stale or wrong
/// address costs a wasted load at worst. A no-op where the instruction is not available.
/// </summary>
internal static class Prefetch
{
    /// <summary>Starts loading the cache lines holding <paramref name="value"/> (both, if it straddles two).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Value<T>(ref T value)
        where T : unmanaged
    {
        if (Sse.IsSupported)
        {
            // The address may go stale if the GC moves the array right now; a prefetch of it is harmless.
            var first = (byte*)Unsafe.AsPointer(ref value);
            Sse.Prefetch0(first);
            Sse.Prefetch0(first + sizeof(T) - 1);
        }
    }
}
