namespace HmsTrace.Policy;

/// <summary>
/// A seeded xoshiro256** generator (Blackman &amp; Vigna, 2018), seeded through SplitMix64: the same
/// seed gives the same sequence on every machine and .NET version, unlike <c>System.Random</c>.
/// The same generator drives the workload generators. Mutable; not thread-safe.
/// </summary>
public sealed class DeterministicRandom
{
    private Xoshiro256StarStar _state;

    /// <summary>Creates a generator from a seed.</summary>
    public DeterministicRandom(ulong seed) => _state = new Xoshiro256StarStar(seed);

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64() => _state.NextUInt64();

    /// <summary>A uniform integer in <c>[0, bound)</c> (Lemire's multiply-shift, unbiased).</summary>
    public ulong Next(ulong bound)
    {
        ArgumentOutOfRangeException.ThrowIfZero(bound);
        return _state.NextBelow(bound);
    }
}
