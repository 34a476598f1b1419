using HmsTrace.Engine;
using HmsTrace.Scripting.Tests.Infrastructure;

namespace HmsTrace.Scripting.Tests;

/// <summary>
/// The lazy sequences a policy's LINQ calls make are metered per element (<c>Fuel.Each</c>). The rewrite must keep
/// every form of LINQ a policy writes compiling and computing the same values, and charge the elements it yields.
/// </summary>
[Parallelizable(ParallelScope.None)]
public sealed class LinqMeteringTests
{
    private static readonly PolicyScriptLoader Loader = new(new PolicyLoaderOptions { UseCache = false });

    private TempDirectory _dir = null!;

    [SetUp]
    public void SetUp() => _dir = new TempDirectory();

    [TearDown]
    public void TearDown() => _dir.Dispose();

    [Test]
    public async Task Every_form_of_LINQ_still_compiles_and_computes_the_same_values_once_metered()
    {
        // Each line is a form the rewrite wraps or must leave alone; the expected values are worked out by hand.
        var path = _dir.Write("linq.csx", """
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using HmsTrace.Policy;

            public sealed class LinqPolicy : PlacementPolicy
            {
                private readonly int[]? _some = Enumerable.Range(1, 3).Reverse().ToArray();
                private readonly int[]? _none = null;
                private readonly string[]? _words = new[] { "a" };
                private readonly Holder? _holder = new();

                public sealed class Holder
                {
                    public List<int> Items { get; } = new() { 1, 2, 3 };
                }

                public override void OnEpoch(EpochContext context)
                {
                    var numbers = Enumerable.Range(1, 10);
                    Check("extension chain", numbers.Where(n => n % 2 == 0).Select(n => n * n).Sum(), 220);
                    Check("static call", Enumerable.Count(Enumerable.Repeat(7, 5)), 5);
                    Check("ordered, then by", string.Join(",", new[] { "bb", "a", "ccc", "dd" }.OrderBy(s => s.Length).ThenByDescending(s => s[0])), "a,dd,bb,ccc");
                    Check("query with group and tuple", string.Join(";", from n in numbers group n by n % 3 into g orderby g.Key select (g.Key, Total: g.Sum()).Total), "18;22;15");
                    Check("query with join", (from a in numbers join b in numbers on a equals b * 2 select a + b).Sum(), 45);
                    Check("conditional access, some", _some?.OrderBy(x => x).First() ?? -1, 1);
                    Check("conditional access, none", _none?.Select(x => x).Count() ?? -1, -1);
                    Check("nested conditional access", _some?.Select(x => x)?.Where(x => x > 1)?.Count() ?? -1, 2);
                    Check("nested conditional access, lazy", (_some?.Select(x => x)?.Where(x => x > 1) ?? Enumerable.Empty<int>()).Sum(), 5);
                    Check("member then LINQ under a conditional access", _words?.Length.CompareTo(0) ?? -1, 1);
                    Check("member chain under a conditional access", (_holder?.Items.Where(x => x > 0) ?? Enumerable.Empty<int>()).Count(), 3);
                    Check("zip and select many", numbers.Zip(numbers.Skip(1), (a, b) => a * b).SelectMany(p => new[] { p, -p }).Count(), 18);
                    Check("a stored lazy sequence enumerated twice", Twice(numbers.Where(n => n > 8)), 38);
                    Check("to lookup", numbers.ToLookup(n => n % 2)[1].Sum(), 25);
                    Check("concat chain", Enumerable.Range(0, 100).Aggregate(Enumerable.Empty<int>(), (e, i) => e.Concat(Enumerable.Repeat(i, 1))).Sum(), 4950);
                    Check("nameof", nameof(Enumerable.Range), "Range");
                    Check("expression-bodied member", Evens.Sum(), 30);
                    Check("interpolation hole", $"{numbers.Where(n => n < 3).Count()}", "2");
                    List<int> spread = [0, .. numbers.Take(2)];
                    Check("spread", spread.Sum(), 3);
                    Check("explicit type arguments", Enumerable.Empty<long>().Cast<long>().OfType<long>().Count(), 0);
                    Check("field initializer", _lazy.Sum(), 3);
                    numbers.ToList();
                    numbers.Select(n => n);
                    _some?.Select(n => n);
                    Action<int> discard = x => numbers.Select(n => n + x);
                    discard(1);
                    Discard();
                    Check("take from an endless range", Enumerable.Range(0, int.MaxValue).Take(3).Sum(), 3);
                    Check("a sized list", new List<int>(16).Capacity, 16);
                    Check("a padded string", "7".PadLeft(3, '0'), "007");
                    Check("sizes inside interpolation holes", $"{"7".PadLeft(2, '0')}{new int[2].Length}", "072");
                    foreach (var n in numbers.Take(2))
                    {
                        Check("foreach over a metered sequence", n is 1 or 2, true);
                    }
                }

                private readonly IEnumerable<int> _lazy = Enumerable.Range(0, 3);

                private static IEnumerable<int> Evens => Enumerable.Range(1, 10).Where(n => n % 2 == 0);

                private void Discard() => _some!.Where(x => x > 0);

                private static int Twice(IEnumerable<int> sequence) => sequence.Sum() + sequence.Sum();

                private static void Check<T>(string what, T actual, T expected)
                {
                    if (!EqualityComparer<T>.Default.Equals(actual, expected))
                    {
                        throw new InvalidOperationException(what + " gave another value");
                    }
                }
            }
            """);
        var script = Loader.Load(path);

        var result = await Replays.RunAsync(_dir, Replays.SmallCpuGpuTrace(_dir), Replays.CpuGpu(), Replays.Source(script));

        Assert.That(result.Totals.PolicyFaults, Is.Zero, result.Totals.FirstPolicyFault);
        Assert.That(result.Totals.PolicyFuelUsed, Is.GreaterThan(1000), "the hook ran");
    }

    [Test]
    public async Task Each_element_a_LINQ_sequence_yields_costs_a_step()
    {
        async Task<long> FuelFor(int elements)
        {
            var path = _dir.Write($"count{elements}.csx", $$"""
                using System.Linq;
                using HmsTrace.Policy;

                public sealed class CountPolicy : PlacementPolicy
                {
                    public long Total { get; private set; }

                    public override void OnEpoch(EpochContext context) => Total += Enumerable.Range(0, {{elements}}).Count();
                }
                """);
            var result = await Replays.RunAsync(_dir, Replays.SmallCpuGpuTrace(_dir), Replays.CpuGpu(), Replays.Source(Loader.Load(path)));
            Assert.That(result.Totals.PolicyFaults, Is.Zero, result.Totals.FirstPolicyFault);
            return result.Totals.PolicyFuelUsed;
        }

        var small = await FuelFor(10);
        var large = await FuelFor(1010);
        var larger = await FuelFor(2010);

        // Linear in the elements: a step for each one yielded, 1,000 more per hook call.
        Assert.That(large - small, Is.Positive);
        Assert.That(larger - large, Is.EqualTo(large - small));
        Assert.That((large - small) % 1000, Is.Zero, $"{large - small} steps for 1,000 more elements in each call");
    }
}
