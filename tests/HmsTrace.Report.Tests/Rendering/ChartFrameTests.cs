using System.Globalization;
using System.Text.RegularExpressions;
using HmsTrace.Report.Rendering;

namespace HmsTrace.Report.Tests.Rendering;

/// <summary>Tick labels cannot overlap by construction, whatever the value range and chart size (seeded property test).</summary>
[TestFixture]
public sealed class ChartFrameTests
{
    [Test]
    public void Tick_labels_never_overlap_for_any_range_and_size()
    {
        const int Seed = 20251121;
        var random = new Random(Seed);
        for (var i = 0; i < 500; i++)
        {
            var max = Math.Pow(10, random.NextDouble() * 14);
            var min = random.Next(3) == 0 ? 0 : max * random.NextDouble() * 0.9;
            var width = random.Next(250, 1400);
            var height = random.Next(120, 500);
            var x = new Axis(min, max, ScaledUnit.ForTime(max - min), "trace time");
            var y = new Axis(0, max * 7, ScaledUnit.ForBytes(max * 7), "resident");
            var svg = new ChartFrame("test", width, height, x, y, "test").Render();
            var ticks = Regex.Matches(svg, "<text class=\"tick\" x=\"([0-9.]+)\" y=\"([0-9.]+)\" text-anchor=\"(\\w+)\">([^<]*)</text>")
                .Select(m => (X: double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Y: double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), Anchor: m.Groups[3].Value, Text: m.Groups[4].Value))
                .ToList();
            var xs = ticks.Where(t => t.Anchor != "end" || t.X > 100).GroupBy(t => t.Y).OrderByDescending(g => g.Key).First().OrderBy(t => t.X).ToList();
            Assert.That(xs, Has.Count.GreaterThanOrEqualTo(2), $"seed {Seed}, case {i}: an x axis needs at least two ticks");
            for (var k = 1; k < xs.Count; k++)
            {
                var needed = ((xs[k - 1].Text.Length + xs[k].Text.Length) / 2.0 * ChartFrame.CharPx) + 4;
                Assert.That(xs[k].X - xs[k - 1].X, Is.GreaterThanOrEqualTo(needed), $"seed {Seed}, case {i}: x labels '{xs[k - 1].Text}' and '{xs[k].Text}' overlap");
            }

            var ys = ticks.Where(t => t.Anchor == "end" && t.Y < height - 30).OrderBy(t => t.Y).ToList();
            for (var k = 1; k < ys.Count; k++)
            {
                Assert.That(ys[k].Y - ys[k - 1].Y, Is.GreaterThanOrEqualTo(ChartFrame.MinLabelGapPx), $"seed {Seed}, case {i}: y labels overlap");
            }
        }
    }

    [TestCase(0, 100, 6, new[] { 0.0, 20, 40, 60, 80, 100 })]
    [TestCase(0, 1, 3, new[] { 0.0, 0.5, 1 })]
    [TestCase(0, 7, 8, new[] { 0.0, 1, 2, 3, 4, 5, 6, 7 })]
    [TestCase(3, 3, 4, new[] { 3.0, 3.5, 4 })]
    public void Nice_ticks_use_round_steps(double min, double max, int maxCount, double[] expected)
    {
        var (values, _) = Ticks.Nice(min, max, maxCount, integer: false);
        Assert.That(values, Is.EqualTo(expected).Within(1e-9));
    }

    [TestCase(2.5, 7.5, "7.5")]
    [TestCase(0.25, 0.5, "0.50")]
    [TestCase(20, 40, "40")]
    [TestCase(0.001, 0.003, "0.003")]
    public void Tick_labels_show_as_many_decimals_as_the_step_needs(double step, double value, string expected)
    {
        Assert.That(Ticks.Label(value, step), Is.EqualTo(expected));
    }

    [Test]
    public void Integer_axes_never_get_fractional_ticks()
    {
        var (values, step) = Ticks.Nice(0, 3, 10, integer: true);
        Assert.That(step, Is.EqualTo(1));
        Assert.That(values, Is.EqualTo(new[] { 0.0, 1, 2, 3 }));
    }
}
