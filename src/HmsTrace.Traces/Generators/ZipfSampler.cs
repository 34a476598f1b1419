namespace HmsTrace.Traces.Generators;

/// <summary>
/// Draws ranks 1..n with probability proportional to 1 / rank^exponent by rejection-inversion
/// (Hörmann and Derflinger, "Rejection-inversion to generate variates from monotone discrete
/// distributions", ACM TOMACS 6(3), 1996; the formulation follows Apache Commons RNG's
/// RejectionInversionZipfSampler). Exact, O(1) memory and set-up, a few exp/log per draw; the
/// expected number of iterations is below 1.1 for every exponent.
/// </summary>
/// <remarks>
/// Immutable and thread-safe; the generator state is the caller's. Results depend on
/// <see cref="Math.Exp"/> and <see cref="Math.Log(double)"/>: a last-bit difference between two platforms'
/// math libraries changes a draw only when the uniform variate falls within that last bit of an
/// acceptance boundary (about one draw in 2^50).
/// </remarks>
internal sealed class ZipfSampler
{
    private readonly long _count;
    private readonly double _exponent;
    private readonly double _hIntegralX1;
    private readonly double _hIntegralCount;
    private readonly double _s;

    /// <summary>Creates a sampler over ranks 1..<paramref name="count"/>; <paramref name="exponent"/> ≥ 0 (0 = uniform).</summary>
    public ZipfSampler(long count, double exponent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (!(exponent >= 0) || double.IsInfinity(exponent))
        {
            throw new ArgumentOutOfRangeException(nameof(exponent), exponent, "must be a finite number ≥ 0");
        }

        _count = count;
        _exponent = exponent;
        _hIntegralX1 = HIntegral(1.5) - 1.0;
        _hIntegralCount = HIntegral(count + 0.5);
        _s = 2.0 - HIntegralInverse(HIntegral(2.5) - H(2.0));
    }

    /// <summary>Draws a rank in [1, count]; rank 1 is the most likely.</summary>
    public long Sample(ref Xoshiro256StarStar random)
    {
        while (true)
        {
            // u is uniform in (hIntegral(1.5) - 1, hIntegral(count + 0.5)].
            var u = _hIntegralCount + (random.NextDouble() * (_hIntegralX1 - _hIntegralCount));
            var x = HIntegralInverse(u);
            var k = (long)(x + 0.5);
            if (k < 1)
            {
                k = 1;
            }
            else if (k > _count)
            {
                k = _count;
            }

            // The first test accepts most draws without evaluating the second (Hörmann and Derflinger, §4).
            if (k - x <= _s || u >= HIntegral(k + 0.5) - H(k))
            {
                return k;
            }
        }
    }

    /// <summary>H(x) = ((x^(1-q)) - 1) / (1 - q), the integral of h, well-defined at q = 1 (log x).</summary>
    private double HIntegral(double x)
    {
        var logX = Math.Log(x);
        return ExpM1OverX((1.0 - _exponent) * logX) * logX;
    }

    /// <summary>h(x) = x^-q.</summary>
    private double H(double x) => Math.Exp(-_exponent * Math.Log(x));

    private double HIntegralInverse(double x)
    {
        var t = x * (1.0 - _exponent);

        // Rounding can push t just below -1, where log1p is undefined.
        if (t < -1.0)
        {
            t = -1.0;
        }

        return Math.Exp(Log1POverX(t) * x);
    }

    /// <summary>log(1 + x) / x, accurate near 0.</summary>
    private static double Log1POverX(double x)
    {
        if (Math.Abs(x) > 1e-8)
        {
            return Log1P(x) / x;
        }

        return 1.0 - (x * (0.5 - (x * ((1.0 / 3.0) - (x * 0.25)))));
    }

    /// <summary>(exp(x) - 1) / x, accurate near 0.</summary>
    private static double ExpM1OverX(double x)
    {
        if (Math.Abs(x) > 1e-8)
        {
            return ExpM1(x) / x;
        }

        return 1.0 + (x * 0.5 * (1.0 + (x * (1.0 / 3.0) * (1.0 + (x * 0.25)))));
    }

    /// <summary>log(1 + x) without cancellation (Goldberg, "What every computer scientist should know about floating-point arithmetic", 1991, Theorem 4).</summary>
    private static double Log1P(double x)
    {
        var u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>exp(x) - 1 without cancellation (Kahan's method).</summary>
    private static double ExpM1(double x)
    {
        var u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }

        var um1 = u - 1.0;
        return um1 == -1.0 ? -1.0 : um1 * x / Math.Log(u);
    }
}
