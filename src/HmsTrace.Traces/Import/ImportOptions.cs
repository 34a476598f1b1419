namespace HmsTrace.Traces.Import;

/// <summary>Checks the <see cref="TraceReadOptions"/> an importer relies on.</summary>
internal static class ImportOptions
{
    public static void Validate(TraceReadOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Initiator))
        {
            throw InputException.In("--initiator", "the initiator name is empty", "Name the CPU or device, e.g. cpu0");
        }

        if (options.TimeScaleNs <= 0)
        {
            throw InputException.In("--time-scale", $"{options.TimeScaleNs} ns per tick is not positive", "Give at least 1 ns per tick");
        }

        if (options.DefaultAccessSize == 0)
        {
            throw InputException.In("--access-size", "the default access size is 0", "Accesses touch at least one byte");
        }

        if (options.SkipBad < 0)
        {
            throw InputException.In("--skip-bad", $"{options.SkipBad} is negative", "Give 0 (stop at the first bad line) or a positive limit");
        }
    }
}
