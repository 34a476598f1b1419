using System.Globalization;
using HmsTrace.Units;

namespace HmsTrace.Replay.Sweep;

/// <summary>
/// A target capacity of a sweep point: an absolute size (<c>1GiB</c>, exactly like
/// <c>hmstrace replay --capacity fast=1GiB</c>), or a percentage of the trace's footprint
/// (<c>25%</c>: a quarter of the distinct pages the trace touches, counted in the topology's page
/// size, rounded down to whole pages, at least one page). Immutable.
/// </summary>
public sealed record CapacitySetting
{
    private CapacitySetting(string target, string text, long bytes, decimal percent)
    {
        Target = target;
        Text = text;
        Bytes = bytes;
        Percent = percent;
    }

    /// <summary>The target's name.</summary>
    public string Target { get; }

    /// <summary>The value as written (trimmed), recorded in the run's parameters.</summary>
    public string Text { get; }

    /// <summary>The size in bytes, or 0 for a percentage.</summary>
    public long Bytes { get; }

    /// <summary>The percentage of the footprint, or 0 for an absolute size.</summary>
    public decimal Percent { get; }

    /// <summary>Whether the capacity depends on the trace's footprint.</summary>
    public bool IsFraction => Percent > 0;

    /// <summary>Parses <c>25%</c>, <c>12.5%</c> or a size; throws <see cref="InputException"/> naming the axis.</summary>
    public static CapacitySetting Parse(string target, string text)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        var source = $"capacity {target}={t}";
        if (t.EndsWith('%'))
        {
            if (!decimal.TryParse(t[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent) || percent <= 0 || percent > 100_000)
            {
                throw InputException.In(source, "is not a percentage of the footprint", "Write a positive percentage such as 10% or 12.5%");
            }

            return new CapacitySetting(target, percent.ToString("0.############", CultureInfo.InvariantCulture) + "%", 0, percent);
        }

        var bytes = ByteSize.Parse(t, source);
        if (bytes <= 0)
        {
            throw InputException.In(source, "capacity must be positive");
        }

        // Spelled one way whatever the input (16MiB, not 16384KiB): the text is recorded in
        // parameters_json and so in the run id, which must not depend on the spelling.
        return new CapacitySetting(target, Canonical(bytes), bytes, 0);
    }

    /// <summary>The capacity in bytes for a trace whose footprint is <paramref name="footprintBytes"/>.</summary>
    public long Resolve(long footprintBytes, long pageSizeBytes)
    {
        if (!IsFraction)
        {
            return Bytes;
        }

        var pages = decimal.Floor(footprintBytes / (decimal)pageSizeBytes * Percent / 100m);
        return Math.Max(1, (long)pages) * pageSizeBytes;
    }

    /// <summary>A size in the largest binary unit that divides it (<c>16MiB</c>, <c>1536KiB</c>), else in bytes.</summary>
    public static string Canonical(long bytes)
    {
        foreach (var (unit, size) in new[] { ("PiB", 1L << 50), ("TiB", 1L << 40), ("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10) })
        {
            if (bytes % size == 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{bytes / size}{unit}");
            }
        }

        return bytes.ToString(CultureInfo.InvariantCulture);
    }
}
