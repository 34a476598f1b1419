namespace HmsTrace.Traces.Statistics;

/// <summary>A maximal run of contiguous touched pages of one process: <c>[StartAddress, EndAddress)</c>.</summary>
/// <param name="ProcessId">The process whose address space the range is in.</param>
/// <param name="StartAddress">First byte of the first page.</param>
/// <param name="EndAddress">One past the last byte of the last page (0 if the range ends at the top of the address space).</param>
/// <param name="Pages">Number of pages in the range.</param>
/// <param name="SizeBytes">Pages × page size, saturating at <see cref="ulong.MaxValue"/>.</param>
public sealed record TouchedRange(uint ProcessId, ulong StartAddress, ulong EndAddress, ulong Pages, ulong SizeBytes);
