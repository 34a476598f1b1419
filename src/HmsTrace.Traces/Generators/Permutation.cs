namespace HmsTrace.Traces.Generators;

/// <summary>Seeded random permutations.</summary>
internal static class Permutation
{
    /// <summary>A uniformly random permutation of 0..n-1 (Fisher–Yates, Durstenfeld's in-place form).</summary>
    public static int[] Create(int n, ref Xoshiro256StarStar random)
    {
        var p = new int[n];
        for (var i = 0; i < n; i++)
        {
            p[i] = i;
        }

        for (var i = n - 1; i > 0; i--)
        {
            var j = (int)random.NextBelow((ulong)i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }

        return p;
    }
}
