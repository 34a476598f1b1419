using System.ComponentModel;

namespace HmsTrace.Metering;

/// <summary>
/// The meter the script loader injects into policy code: a step at every method, accessor, lambda
/// and local function entry (with a call-depth count), at every loop back-edge and jump target, and
/// a bound on array lengths. Policy source must not call it (it lies outside the allow-listed
/// <c>HmsTrace.Policy</c> namespace, so analyzer HMS0001 rejects any reference); only the loader's
/// rewriter does. State lives in a thread-static <see cref="FuelMeter"/> that the engine's metered
/// policy wrapper installs around every hook call.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Fuel
{
    [ThreadStatic]
    private static FuelMeter? t_current;

    /// <summary>The meter of the hook call running on this thread, or null outside one.</summary>
    internal static FuelMeter? Current
    {
        get => t_current;
        set => t_current = value;
    }

    /// <summary>Spends one step; stops the policy when the budget is exhausted.</summary>
    /// <param name="line">The 1-based script line of the loop or jump target.</param>
    public static void Step(int line)
    {
        var meter = t_current ?? throw FuelMeter.Unmetered(line);
        meter.LastLine = line;
        if (--meter.Remaining < 0)
        {
            meter.Exhausted(line);
        }
    }

    /// <summary>Spends one step and enters a method; stops the policy when the budget or the depth bound is exceeded.</summary>
    /// <param name="line">The 1-based script line of the method, accessor or lambda.</param>
    public static void Enter(int line)
    {
        var meter = t_current ?? throw FuelMeter.Unmetered(line);
        meter.LastLine = line;
        if (--meter.Remaining < 0)
        {
            meter.Exhausted(line);
        }

        if (++meter.Depth > meter.MaxDepth)
        {
            meter.TooDeep(line);
        }
    }

    /// <summary>Leaves a method entered with <see cref="Enter"/>.</summary>
    public static void Exit()
    {
        var meter = t_current;
        if (meter is not null && meter.Depth > 0)
        {
            meter.Depth--;
        }
    }

    /// <summary>Checks an array length against the bound and charges one step per 64 elements.</summary>
    /// <param name="length">The requested length.</param>
    /// <param name="line">The 1-based script line of the array creation.</param>
    /// <returns><paramref name="length"/>.</returns>
    public static int Length(int length, int line)
    {
        Length((long)length, line);
        return length;
    }

    /// <summary>Checks an array length against the bound and charges one step per 64 elements.</summary>
    /// <param name="length">The requested length.</param>
    /// <param name="line">The 1-based script line of the array creation.</param>
    /// <returns><paramref name="length"/>.</returns>
    public static long Length(long length, int line)
    {
        var meter = t_current ?? throw FuelMeter.Unmetered(line);
        meter.LastLine = line;
        if (length > meter.MaxArrayLength)
        {
            meter.TooLong(line, length);
        }

        meter.Remaining -= 1 + (Math.Max(length, 0) >> 6);
        if (meter.Remaining < 0)
        {
            meter.Exhausted(line);
        }

        return length;
    }

    /// <summary>Checks an array length against the bound and charges one step per 64 elements.</summary>
    /// <param name="length">The requested length.</param>
    /// <param name="line">The 1-based script line of the array creation.</param>
    /// <returns><paramref name="length"/>.</returns>
    public static ulong Length(ulong length, int line)
    {
        Length(length > long.MaxValue ? long.MaxValue : (long)length, line);
        return length;
    }
}
