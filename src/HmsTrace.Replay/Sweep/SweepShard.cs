using System.Globalization;

namespace HmsTrace.Replay.Sweep;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/> (<c>--shard 2/3</c>, counted from 1): a
/// contiguous block of the matrix, runs <c>[⌊(i−1)·N/n⌋, ⌊i·N/n⌋)</c>. Blocks (rather than every
/// n-th run) keep the replays of one trace together, so each shard still decodes a trace once for
/// all its policies and parameters; sizes differ by at most one run.
/// </summary>
/// <param name="Index">Shard number, 1 to <paramref name="Count"/>.</param>
/// <param name="Count">Number of shards, at least 1.</param>
public readonly record struct SweepShard(int Index, int Count)
{
    /// <summary>The whole matrix.</summary>
    public static SweepShard All => new(1, 1);

    /// <summary>Parses <c>i/n</c>; throws <see cref="InputException"/> naming <c>--shard</c>.</summary>
    public static SweepShard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0
            && int.TryParse(text[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            && int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n >= 1 && i >= 1 && i <= n)
        {
            return new SweepShard(i, n);
        }

        throw InputException.In("--shard", $"'{text}' is not a shard i/n with 1 ≤ i ≤ n", "Write for example --shard 2/3 (Slurm: $((SLURM_ARRAY_TASK_ID+1))/$SLURM_ARRAY_TASK_COUNT)");
    }

    /// <summary>The first run index of this shard in a matrix of <paramref name="total"/> runs.</summary>
    public int Start(int total) => (int)((long)(Index - 1) * total / Count);

    /// <summary>One past the last run index of this shard.</summary>
    public int End(int total) => (int)((long)Index * total / Count);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
