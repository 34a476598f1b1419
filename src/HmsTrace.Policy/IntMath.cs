namespace HmsTrace.Policy;

/// <summary>
/// Integer and fixed-point helpers that give the same result on every machine (policies may not use
/// transcendental floating point in decisions). All methods are pure and thread-safe.
/// </summary>
public static class IntMath
{
    /// <summary>The scale of <see cref="ToFixed"/> numbers: 16 fractional bits (1.0 = 65536).</summary>
    public const int FixedShift = 16;

    /// <summary><c>a * b / c</c> with a 128-bit intermediate, truncated toward zero.</summary>
    /// <exception cref="DivideByZeroException"><paramref name="c"/> is 0.</exception>
    /// <exception cref="OverflowException">The quotient does not fit in a long.</exception>
    public static long MulDiv(long a, long b, long c) => checked((long)((Int128)a * b / c));

    /// <summary><c>ceil(a / b)</c> for <c>a ≥ 0</c>, <c>b &gt; 0</c> (for example pages from bytes).</summary>
    public static long CeilDiv(long a, long b)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(a);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(b);
        return (a / b) + (a % b == 0 ? 0 : 1);
    }

    /// <summary><c>floor(log2(value))</c>; -1 for 0.</summary>
    public static int Log2(ulong value) => value == 0 ? -1 : System.Numerics.BitOperations.Log2(value);

    /// <summary><c>floor(sqrt(value))</c>, exactly.</summary>
    public static ulong Sqrt(ulong value)
    {
        if (value < 2)
        {
            return value;
        }

        var x = (ulong)Math.Sqrt(value);
        while (x * x > value)
        {
            x--;
        }

        while ((x + 1) * (x + 1) <= value)
        {
            x++;
        }

        return x;
    }

    /// <summary>An exponentially weighted moving average: <c>average + (sample - average) / 2^shift</c>.</summary>
    /// <param name="average">The previous average.</param>
    /// <param name="sample">The new sample.</param>
    /// <param name="shift">Smoothing, 0..62: larger is slower.</param>
    public static long Ewma(long average, long sample, int shift)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shift);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shift, 62);
        return average + ((sample - average) >> shift);
    }

    /// <summary>A fixed-point number (<see cref="FixedShift"/> fractional bits) for <c>numerator / denominator</c>.</summary>
    public static long ToFixed(long numerator, long denominator) => MulDiv(numerator, 1L << FixedShift, denominator);

    /// <summary>The product of two fixed-point numbers.</summary>
    public static long MulFixed(long a, long b) => checked((long)(((Int128)a * b) >> FixedShift));
}
