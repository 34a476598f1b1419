using HmsTrace.Engine.Results;

namespace HmsTrace.Engine.Tests.Support;

/// <summary>Two replays that must not differ: equal totals, and equal rows in every table, in order.</summary>
internal static class SameResults
{
    public static void Check((RunTotals Totals, RecordingOutput Output) actual, (RunTotals Totals, RecordingOutput Output) expected)
    {
        Assert.That(actual.Totals, Is.EqualTo(expected.Totals));
        Assert.That(actual.Output.Migrations, Is.EqualTo(expected.Output.Migrations));
        Assert.That(actual.Output.Epochs, Is.EqualTo(expected.Output.Epochs));
        Assert.That(actual.Output.Ranges, Is.EqualTo(expected.Output.Ranges));
    }
}
