using System.Diagnostics;

namespace HmsTrace.Metering;

/// <summary>
/// The wall-clock backstop behind the fuel meter. Fuel is the deterministic limit: the same policy
/// on the same trace stops at the same step on every machine. But a step is a unit of the cost
/// model, and a cost model can be wrong: a BCL call it charges too little for, repeated in a loop,
/// can make a few thousand steps take hours. So one background thread looks at every meter with a
/// time limit ten times a second, and a hook call still running after its limit is stopped at its
/// next metered point, exactly as if its fuel had run out: the watchdog overwrites the meter's
/// remaining steps with a large negative number, so the policy thread pays nothing for the check.
/// The watchdog only ever fails a run (with a message that says so); it cannot change results.
/// A single BCL call that runs for hours without reaching a metered point is not stopped by this;
/// the cost model must charge such calls up front (see <c>BclCosts</c>).
/// </summary>
internal static class FuelWatchdog
{
    /// <summary>How often the watchdog looks.</summary>
    internal static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    private static readonly List<WeakReference<FuelMeter>> s_meters = [];
    private static readonly Lock s_lock = new();
    private static Thread? s_thread;

    /// <summary>Starts watching <paramref name="meter"/> (held weakly: a collected meter is dropped).</summary>
    internal static void Watch(FuelMeter meter)
    {
        lock (s_lock)
        {
            s_meters.Add(new WeakReference<FuelMeter>(meter));
            if (s_thread is null)
            {
                s_thread = new Thread(Run) { IsBackground = true, Name = "HmsTrace policy watchdog" };
                s_thread.Start();
            }
        }
    }

    private static void Run()
    {
        while (true)
        {
            Thread.Sleep(Tick);
            var now = Stopwatch.GetTimestamp();
            lock (s_lock)
            {
                for (var i = s_meters.Count - 1; i >= 0; i--)
                {
                    if (s_meters[i].TryGetTarget(out var meter))
                    {
                        meter.Watch(now);
                    }
                    else
                    {
                        s_meters.RemoveAt(i);
                    }
                }
            }
        }
    }
}
