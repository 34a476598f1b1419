namespace HmsTrace.Traces.Generators;

/// <summary>Checks shared by the page-based workloads: page size, access size, footprint.</summary>
internal static class Geometry
{
    public static void Validate(long pageSizeBytes, long accessSizeBytes, long footprintPages)
    {
        OptionValue.Require(
            pageSizeBytes >= (long)MappedBuffer.PageBytes && pageSizeBytes <= (1L << 30) && pageSizeBytes % (long)MappedBuffer.PageBytes == 0,
            "page-size",
            $"{pageSizeBytes} bytes is not a multiple of 4 KiB up to 1 GiB",
            "Give 4KiB, 64KiB, 2MiB, ...");
        OptionValue.Require(
            accessSizeBytes >= 1 && accessSizeBytes <= pageSizeBytes && pageSizeBytes % accessSizeBytes == 0,
            "access-size",
            $"{accessSizeBytes} bytes does not divide the {pageSizeBytes}-byte page",
            "Give a divisor of the page size, e.g. 8, 64 or 4KiB");
        OptionValue.Require(
            footprintPages <= Limits.MaxBufferBytes / pageSizeBytes,
            "footprint-pages",
            $"{footprintPages} pages of {pageSizeBytes} bytes is more than 64 TiB",
            "Use fewer or smaller pages");
    }
}
