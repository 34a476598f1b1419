using System.ComponentModel;

namespace HmsTrace.Metering;

/// <summary>
/// The meter the script loader injects into policy code: a step at every method, accessor, lambda
/// and local function entry (with a call-depth count), at every loop back-edge and jump target, at
/// every element of a lazy LINQ sequence, and a bound on array lengths and on sizes handed to the
/// BCL. Policy source must not call it (it lies outside the allow-listed
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

    /// <summary>
    /// A lazy sequence a LINQ call of the policy made, metered: one step per element it yields, charged
    /// to the hook call that enumerates it. LINQ's own loops (<c>Count</c>, <c>Skip</c>, <c>Concat</c>
    /// chains, <c>string.Join</c> over <c>Repeat</c>) call no policy code, so without this a sequence
    /// of billions of elements would run unmetered. Deliberately only an <see cref="IEnumerable{T}"/>:
    /// no collection interface lets LINQ skip the enumeration.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="source">The sequence the LINQ call returned.</param>
    /// <param name="line">The 1-based script line of the call.</param>
    /// <returns>The metered sequence.</returns>
    public static IEnumerable<T> Each<T>(IEnumerable<T> source, int line) => source is null ? null! : new MeteredSequence<T>(source, line);

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

/// <summary>The sequence <see cref="Fuel.Each"/> returns: each element yielded spends a step of the enumerating hook call, and nested sequences count towards the stack guard.</summary>
internal sealed class MeteredSequence<T>(IEnumerable<T> source, int line) : IEnumerable<T>
{
    public IEnumerator<T> GetEnumerator() => new Enumerator(source.GetEnumerator(), line);

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class Enumerator(IEnumerator<T> inner, int line) : IEnumerator<T>
    {
        public T Current => inner.Current;

        object? System.Collections.IEnumerator.Current => Current;

        // A step, and a level of the call-depth count while the source moves: sequences made from
        // sequences (e = e.Concat(a) in a loop) nest their MoveNext calls one level per LINQ call,
        // so the stack guard stops a chain deep enough to overflow the stack, which would end the process.
        public bool MoveNext()
        {
            Fuel.Enter(line);
            try
            {
                return inner.MoveNext();
            }
            finally
            {
                Fuel.Exit();
            }
        }

        public void Reset() => inner.Reset();

        public void Dispose() => inner.Dispose();
    }
}
