namespace HmsTrace.Policy;

/// <summary>
/// <c>[StartPage, EndPage)</c> of a process was unmapped (or, for a remap, moved to
/// <see cref="NewStartPage"/>): drop or move any policy state kept for it (mmu-notifier style).
/// </summary>
/// <param name="ProcessId">The process.</param>
/// <param name="StartPage">First page of the old range.</param>
/// <param name="EndPage">One past the last page of the old range.</param>
/// <param name="NewStartPage">For a remap, where the range now starts; for an unmap, equal to <paramref name="StartPage"/>.</param>
/// <param name="TimeNs">Trace time, ns.</param>
public readonly record struct UnmapContext(uint ProcessId, ulong StartPage, ulong EndPage, ulong NewStartPage, long TimeNs);
