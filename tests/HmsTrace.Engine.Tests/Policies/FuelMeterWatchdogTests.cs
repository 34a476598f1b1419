using System.Diagnostics;
using HmsTrace.Metering;
using HmsTrace.Policy;

namespace HmsTrace.Engine.Tests.Policies;

/// <summary>
/// The wall-clock watchdog can only ever fail a run: wherever its poison lands (before a call
/// returns, after, or in the next call), the steps counted and the stops reported must not depend
/// on when it landed. The watchdog's look is driven by hand here (a meter without a time limit is
/// not watched by the real thread).
/// </summary>
[TestFixture]
public sealed class FuelMeterWatchdogTests
{
    [Test]
    public void A_poison_that_lands_after_the_call_returned_does_not_change_the_steps_counted()
    {
        var meter = new FuelMeter("p.csx", stepsPerCall: 1000, stepsPerRun: 1_000_000, maxDepth: 16, maxArrayLength: 1024);
        meter.Begin();
        for (var i = 0; i < 10; i++)
        {
            Fuel.Step(1);
        }

        meter.Finish();
        var now = Stopwatch.GetTimestamp();
        meter.Watch(now);
        meter.Watch(now + Stopwatch.Frequency);
        Assert.That(meter.IsExhausted, Is.True, "the watchdog did poison the call");
        meter.End();

        Assert.That(meter.StepsUsed, Is.EqualTo(10), "counted from the balance the call returned with, not from the poison (was the whole call budget)");
    }

    [Test]
    public void A_poison_that_lands_in_the_next_call_stops_it_as_a_time_limit_not_as_out_of_fuel()
    {
        var meter = new FuelMeter("p.csx", stepsPerCall: 1000, stepsPerRun: 1_000_000, maxDepth: 16, maxArrayLength: 1024);
        meter.Begin();
        meter.Finish();
        meter.End();
        meter.Begin();
        meter.Remaining = long.MinValue / 4;

        var stop = Assert.Throws<PolicyStopException>(() => Fuel.Step(7));

        Assert.That(stop!.IsTimeLimit, Is.True, "a time-limit stop fails the run even under fallback");
        Assert.That(stop.Reason, Does.StartWith("time limit"));
        meter.End();
    }

    [Test]
    public void A_fuel_stop_in_a_call_after_one_the_watchdog_stopped_is_a_fuel_stop()
    {
        var meter = new FuelMeter("p.csx", stepsPerCall: 5, stepsPerRun: 1_000_000, maxDepth: 16, maxArrayLength: 1024);
        meter.Begin();
        var now = Stopwatch.GetTimestamp();
        meter.Watch(now);
        meter.Watch(now + Stopwatch.Frequency);
        Assert.That(Assert.Throws<PolicyStopException>(() => Fuel.Step(1))!.IsTimeLimit, Is.True);
        meter.End();

        meter.Begin();
        var stop = Assert.Throws<PolicyStopException>(() =>
        {
            for (var i = 0; i < 10; i++)
            {
                Fuel.Step(2);
            }
        });

        Assert.That(stop!.IsTimeLimit, Is.False);
        Assert.That(stop.Reason, Does.StartWith("out of fuel"));
        meter.End();
    }

    [Test]
    public void A_call_past_its_time_limit_that_throws_its_own_exception_is_stopped_by_the_time_limit()
    {
        var meter = new FuelMeter("p.csx", stepsPerCall: 1000, stepsPerRun: 1_000_000, maxDepth: 16, maxArrayLength: 1024);
        meter.Begin();
        var now = Stopwatch.GetTimestamp();
        meter.Watch(now);
        meter.Watch(now + Stopwatch.Frequency);

        var stop = (PolicyStopException)meter.StopFor(new InvalidOperationException("the policy's own"));

        Assert.That(stop.IsTimeLimit, Is.True, "else fallback mode carried on, with the whole budget counted as spent (review: 50,000,000 against 4,501,767 steps)");
        meter.End();
    }

    [Test]
    public void A_poison_that_lands_after_the_calls_exception_was_caught_fails_the_call_when_it_ends()
    {
        var meter = new FuelMeter("p.csx", stepsPerCall: 1000, stepsPerRun: 1_000_000, maxDepth: 16, maxArrayLength: 1024);
        meter.Begin();
        var plain = (PolicyStopException)meter.StopFor(new InvalidOperationException("the policy's own"));
        Assert.That(plain.IsTimeLimit, Is.False);
        var now = Stopwatch.GetTimestamp();
        meter.Watch(now);
        meter.Watch(now + Stopwatch.Frequency);

        var stop = Assert.Throws<PolicyStopException>(meter.End);

        Assert.That(stop!.IsTimeLimit, Is.True, "the steps counted include the poison, so the run must not go on");
    }

    [Test]
    public void A_time_out_whose_poison_was_lost_still_fails_the_call_when_it_ends()
    {
        var meter = new FuelMeter("p.csx", stepsPerCall: 1000, stepsPerRun: 1_000_000, maxDepth: 16, maxArrayLength: 1024);
        meter.Begin();
        _ = meter.StopFor(new InvalidOperationException("the policy's own"));
        var now = Stopwatch.GetTimestamp();
        meter.Watch(now);
        meter.Watch(now + Stopwatch.Frequency);
        meter.Remaining = 500;

        var stop = Assert.Throws<PolicyStopException>(meter.End);

        Assert.That(stop!.IsTimeLimit, Is.True, "the decision is tagged with the call, read before the call's end moves the count on");
    }

    [Test]
    public void A_negative_size_is_never_a_refund()
    {
        var meter = new FuelMeter("p.csx", stepsPerCall: 1000, stepsPerRun: 1_000_000, maxDepth: 16, maxArrayLength: 1024);
        meter.Begin();
        Fuel.Step(1);
        Fuel.Sized(new object(), static _ => int.MinValue, 1);
        meter.Finish();
        meter.End();

        Assert.That(meter.StepsUsed, Is.EqualTo(1), "a policy collection whose Count lies negative added 2^31 steps to the call, and took them off the run's count");
    }
}
