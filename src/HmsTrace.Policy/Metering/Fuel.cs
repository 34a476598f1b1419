using System.ComponentModel;
using System.Text;

namespace HmsTrace.Metering;

/// <summary>
/// The meter the script loader injects into policy code: a step at every method, accessor, lambda
/// and local function entry (with a call-depth count), at every loop back-edge and jump target, at
/// every element of a lazy LINQ sequence and of every string, array, span or collection a BCL call
/// works through, and a bound on array lengths, on sizes handed to the BCL and on strings built. Policy source must not call it (it lies outside the allow-listed
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

        Charge(1 + (Math.Max(length, 0) >> 6), line);
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

    /// <summary>
    /// The sequence a policy's iterator method returns: its state machine, behind a wrapper whose
    /// every <c>MoveNext</c> and <c>Dispose</c> is entered and left like a call (a step and a level of
    /// the stack guard while it runs), in whichever hook call moves it.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="iterator">The iterator's state machine.</param>
    /// <param name="line">The 1-based script line of the iterator.</param>
    /// <returns>The wrapped sequence.</returns>
    public static IEnumerable<T> Iterate<T>(IEnumerable<T> iterator, int line) => new MeteredSequence<T>(iterator, line);

    /// <inheritdoc cref="Iterate{T}(IEnumerable{T}, int)"/>
    public static IEnumerator<T> IterateEnumerator<T>(IEnumerator<T> iterator, int line) => new MeteredSequence<T>.Enumerator(iterator, line);

    /// <summary>Checks an array length against the bound and charges one step per 64 elements.</summary>
    /// <param name="length">The requested length.</param>
    /// <param name="line">The 1-based script line of the array creation.</param>
    /// <returns><paramref name="length"/>.</returns>
    public static ulong Length(ulong length, int line)
    {
        Length(length > long.MaxValue ? long.MaxValue : (long)length, line);
        return length;
    }

    /// <summary>Charges a step per character of a string the BCL is about to search, compare, hash or copy.</summary>
    /// <param name="value">The string (null costs nothing).</param>
    /// <param name="line">The 1-based script line of the call.</param>
    /// <returns><paramref name="value"/>.</returns>
    public static string? Sized(string? value, int line)
    {
        Charge(value?.Length ?? 0, line);
        return value;
    }

    /// <summary>Charges a step per element of an array the BCL is about to work through.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="value">The array (null costs nothing).</param>
    /// <param name="line">The 1-based script line of the call.</param>
    /// <returns><paramref name="value"/>.</returns>
    public static T[]? Sized<T>(T[]? value, int line)
    {
        Charge(value?.LongLength ?? 0, line);
        return value;
    }

    /// <summary>Charges a step per element of a span the BCL is about to work through.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="value">The span.</param>
    /// <param name="line">The 1-based script line of the call.</param>
    /// <returns><paramref name="value"/>.</returns>
    public static Span<T> Sized<T>(Span<T> value, int line)
    {
        Charge(value.Length, line);
        return value;
    }

    /// <inheritdoc cref="Sized{T}(Span{T}, int)"/>
    public static ReadOnlySpan<T> Sized<T>(ReadOnlySpan<T> value, int line)
    {
        Charge(value.Length, line);
        return value;
    }

    /// <inheritdoc cref="Sized{T}(Span{T}, int)"/>
    public static Memory<T> Sized<T>(Memory<T> value, int line)
    {
        Charge(value.Length, line);
        return value;
    }

    /// <inheritdoc cref="Sized{T}(Span{T}, int)"/>
    public static ReadOnlyMemory<T> Sized<T>(ReadOnlyMemory<T> value, int line)
    {
        Charge(value.Length, line);
        return value;
    }

    /// <summary>
    /// Charges a step per element of a collection (or character of a string builder) the BCL is
    /// about to work through: <c>list.Contains(x)</c>, <c>set.SetEquals(other)</c>. The rewriter
    /// passes a static lambda that reads the size through the BCL type's own member, so a policy
    /// type deriving from a collection cannot hide it.
    /// </summary>
    /// <typeparam name="TCollection">The operand's type, kept so the call binds as written.</typeparam>
    /// <param name="value">The collection (null costs nothing).</param>
    /// <param name="size">Reads the size.</param>
    /// <param name="line">The 1-based script line of the call.</param>
    /// <returns><paramref name="value"/>.</returns>
    public static TCollection Sized<TCollection>(TCollection value, Func<TCollection, int> size, int line)
    {
        ArgumentNullException.ThrowIfNull(size);
        Charge(value is null ? 0 : size(value), line);
        return value;
    }

    /// <summary>
    /// Marks the string, array or span a BCL search is about to look through (the receiver of
    /// <c>s.IndexOf(t)</c>, <c>span.Split(dest, separators)</c>), for the <see cref="Needle(string, int, int)"/>
    /// of the same call site: a search for a needle of m elements can compare up to m elements at
    /// each of the n places, so its cost is the product. Charges nothing itself (the operand is
    /// charged by <c>Sized</c>).
    /// </summary>
    /// <param name="value">The haystack.</param>
    /// <param name="site">The call site, unique in the policy.</param>
    /// <param name="line">The 1-based script line of the call.</param>
    /// <returns><paramref name="value"/>.</returns>
    public static string? Hay(string? value, int site, int line)
    {
        MarkHay(site, line, value?.Length ?? 0);
        return value;
    }

    /// <inheritdoc cref="Hay(string, int, int)"/>
    public static StringBuilder? Hay(StringBuilder? value, int site, int line)
    {
        MarkHay(site, line, value?.Length ?? 0);
        return value;
    }

    /// <inheritdoc cref="Hay(string, int, int)"/>
    public static List<T>? Hay<T>(List<T>? value, int site, int line)
    {
        MarkHay(site, line, value?.Count ?? 0);
        return value;
    }

    /// <inheritdoc cref="Hay(string, int, int)"/>
    public static T[]? Hay<T>(T[]? value, int site, int line)
    {
        MarkHay(site, line, value?.LongLength ?? 0);
        return value;
    }

    /// <inheritdoc cref="Hay(string, int, int)"/>
    public static Span<T> Hay<T>(Span<T> value, int site, int line)
    {
        MarkHay(site, line, value.Length);
        return value;
    }

    /// <inheritdoc cref="Hay(string, int, int)"/>
    public static ReadOnlySpan<T> Hay<T>(ReadOnlySpan<T> value, int site, int line)
    {
        MarkHay(site, line, value.Length);
        return value;
    }

    // The haystack's size, marked for the needle of the same call site.
    private static void MarkHay(int site, int line, long size)
    {
        var meter = Meter(line);
        meter.PushMark(null, meter.MarkKey(site), size);
    }

    /// <summary>
    /// The needle of the search whose haystack <see cref="Hay(string, int, int)"/> marked at the same
    /// call site: charges a step per 64 needle elements at each haystack element (the product of
    /// the two, beyond the charge for each alone), before the search runs, since a single search of
    /// a long needle in a long haystack can take hours and no metered point comes until it returns.
    /// Without the mark (lost from a stack over 64 deep) the haystack is taken to be as long as an
    /// array may be.
    /// </summary>
    /// <param name="value">The needle (or set of separators, or characters to trim).</param>
    /// <param name="site">The call site, as marked.</param>
    /// <param name="line">The 1-based script line of the call.</param>
    /// <returns><paramref name="value"/>.</returns>
    public static string? Needle(string? value, int site, int line)
    {
        Searched(value?.Length ?? 0, site, line);
        return value;
    }

    /// <inheritdoc cref="Needle(string, int, int)"/>
    public static T[]? Needle<T>(T[]? value, int site, int line)
    {
        Searched(value?.LongLength ?? 0, site, line);
        return value;
    }

    /// <summary>Several needles (<c>s.Split(new[] { ", ", "; " }, options)</c>): their lengths add up.</summary>
    /// <param name="value">The needles.</param>
    /// <param name="site">The call site, as marked.</param>
    /// <param name="line">The 1-based script line of the call.</param>
    /// <returns><paramref name="value"/>.</returns>
    public static string?[]? Needle(string?[]? value, int site, int line)
    {
        Searched(value is null ? 0 : Lengths(value), site, line);
        return value;
    }

    /// <inheritdoc cref="Needle(string, int, int)"/>
    public static Span<T> Needle<T>(Span<T> value, int site, int line)
    {
        Searched(value.Length, site, line);
        return value;
    }

    /// <inheritdoc cref="Needle(string, int, int)"/>
    public static ReadOnlySpan<T> Needle<T>(ReadOnlySpan<T> value, int site, int line)
    {
        Searched(value.Length, site, line);
        return value;
    }

    /// <inheritdoc cref="Needle(string[], int, int)"/>
    public static ReadOnlySpan<string> Needle(ReadOnlySpan<string> value, int site, int line)
    {
        Searched(Lengths(value), site, line);
        return value;
    }

    /// <summary>
    /// Marks a string builder's length before a call that may grow it, for <see cref="Built"/>.
    /// </summary>
    /// <param name="builder">The builder (the call's receiver).</param>
    /// <param name="line">The 1-based script line of the call.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static StringBuilder? Mark(StringBuilder? builder, int line)
    {
        var meter = Meter(line);
        meter.PushMark(builder, meter.MarkKey(0), builder?.Length ?? 0);
        return builder;
    }

    /// <summary>
    /// A string builder a call just grew (<c>Append</c>, <c>AppendFormat("{0,999999}", x)</c>,
    /// <c>Insert</c>, <c>Replace</c>): bounded like an array and charged a step per 64 characters
    /// it grew by since <see cref="Mark"/>, as the string it would make.
    /// </summary>
    /// <param name="builder">The builder the call returned.</param>
    /// <param name="line">The 1-based script line of the call.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static StringBuilder? Built(StringBuilder? builder, int line)
    {
        var meter = Meter(line);
        var before = meter.PopMark(builder, meter.MarkKey(0));
        if (builder is null)
        {
            return builder;
        }

        if (builder.Length > meter.MaxArrayLength)
        {
            meter.TooLong(line, builder.Length);
        }

        Charge(1 + (Math.Max(builder.Length - Math.Max(before, 0), 0) >> 6), line);
        return builder;
    }

    /// <summary>
    /// The start index of a forward search or copy from it (<c>s.IndexOf(',', i)</c>,
    /// <c>s.Substring(i)</c>) on the string <see cref="Hay(string, int, int)"/> marked at the same
    /// call site: charges a step per character from the start to the end, instead of the whole
    /// string, so a tokenizer walking a long string pays for it once.
    /// </summary>
    /// <param name="startIndex">The start index.</param>
    /// <param name="site">The call site, as marked.</param>
    /// <param name="line">The 1-based script line of the call.</param>
    /// <returns><paramref name="startIndex"/>.</returns>
    public static int After(int startIndex, int site, int line)
    {
        var meter = Meter(line);
        var length = meter.PopMark(null, meter.MarkKey(site));
        Charge(length < 0 ? meter.MaxArrayLength : length - Math.Clamp(startIndex, 0, (int)length), line);
        return startIndex;
    }

    /// <summary>The start index of a backward search (<c>s.LastIndexOf(',', i)</c>): charges a step per character up to it.</summary>
    /// <param name="startIndex">The start index.</param>
    /// <param name="site">The call site, as marked.</param>
    /// <param name="line">The 1-based script line of the call.</param>
    /// <returns><paramref name="startIndex"/>.</returns>
    public static int Before(int startIndex, int site, int line)
    {
        var meter = Meter(line);
        var length = meter.PopMark(null, meter.MarkKey(site));
        Charge(length < 0 ? meter.MaxArrayLength : Math.Clamp(startIndex + 1L, 0, length), line);
        return startIndex;
    }

    /// <summary>
    /// The strings <c>string.Concat</c>, <c>string.Join</c> or <c>StringBuilder.AppendJoin</c> is about to
    /// put together: their total length is checked against the array bound before the BCL allocates
    /// the result (fifteen 64 Mi-character parts would take 2 GB for a moment) and charged a step
    /// per 64 characters, as the string made of them would be.
    /// </summary>
    /// <param name="parts">The strings.</param>
    /// <param name="line">The 1-based script line of the call.</param>
    /// <returns><paramref name="parts"/>.</returns>
    public static string?[]? Parts(string?[]? parts, int line)
    {
        Joined(parts is null ? 0 : Lengths(parts), line);
        return parts;
    }

    /// <inheritdoc cref="Parts(string[], int)"/>
    public static ReadOnlySpan<string?> Parts(ReadOnlySpan<string?> parts, int line)
    {
        Joined(Lengths(parts), line);
        return parts;
    }

    private static void Joined(long length, int line)
    {
        var meter = Meter(line);
        if (length > meter.MaxArrayLength)
        {
            meter.TooLong(line, length);
        }

        Charge(length >> 6, line);
    }

    private static void Searched(long needle, int site, int line)
    {
        var meter = Meter(line);
        var hay = meter.PopMark(null, meter.MarkKey(site));
        Charge((hay < 0 ? meter.MaxArrayLength : hay) * (needle >> 6), line);
    }

    private static long Lengths(ReadOnlySpan<string?> values)
    {
        var total = 0L;
        foreach (var value in values)
        {
            total += value?.Length ?? 0;
        }

        return total;
    }

    private static FuelMeter Meter(int line) => t_current ?? throw FuelMeter.Unmetered(line);

    /// <summary>
    /// A string the policy just built (concatenation, interpolation): checked against the array
    /// bound and charged a step per 64 characters, as an array of its length would be. Charged once
    /// it exists, so <c>s += s</c> in a loop stops at the bound instead of doubling until memory runs out.
    /// </summary>
    /// <param name="value">The new string.</param>
    /// <param name="line">The 1-based script line of the expression.</param>
    /// <returns><paramref name="value"/>.</returns>
    public static string Made(string value, int line)
    {
        Length((long)(value?.Length ?? 0), line);
        return value!;
    }

    /// <summary>
    /// A sequence handed to BCL code that loops over it (LINQ without a policy lambda, <c>string.Join</c>,
    /// <c>new List&lt;T&gt;(items)</c>, <c>AddRange</c>). Mode 0 meters it per element as
    /// <see cref="Each"/> does, so every enumeration of a lazy result (<c>Distinct</c>, <c>Order</c>),
    /// including later ones of a stored result, is paid for. For a collection the BCL implements,
    /// mode 1 passes it free (<c>Count()</c>, <c>First()</c>: answered in constant time), mode 2
    /// passes a list free (<c>ElementAt</c>, <c>Last</c>, <c>Skip</c>), and mode 3 passes it charged a
    /// step per element (an eager call such as <c>Sum()</c> or <c>AddRange</c>, which keeps the BCL's
    /// own paths: a set's comparer, adding a list to itself). Anything else (a lazy sequence, a policy's
    /// own collection type, whose <c>Count</c> is policy code and may lie) is metered per element. An
    /// already metered sequence passes as it is.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="source">The sequence.</param>
    /// <param name="mode">0: always metered; 1: a collection passes; 2: a list passes; 3: a collection passes, charged.</param>
    /// <param name="line">The 1-based script line of the call.</param>
    /// <returns>The sequence to hand on.</returns>
    public static IEnumerable<T> Source<T>(IEnumerable<T> source, int mode, int line)
    {
        if (source is null or MeteredSequence<T>)
        {
            return source!;
        }

        switch (mode)
        {
            case 1 when source is ICollection<T> or System.Collections.ICollection && IsBcl(source):
                Charge(0, line);
                return source;
            case 2 when source is IList<T> && IsBcl(source):
                Charge(0, line);
                return source;
            case 3 when source is ICollection<T> collection && IsBcl(source):
                Charge(collection.Count, line);
                return source;
            default:
                return new MeteredSequence<T>(source, line);
        }
    }

    // A collection the BCL implements: a policy type's Count or indexer is policy code that may lie,
    // so such a type is metered by element instead.
    private static bool IsBcl(object value) => value.GetType().Assembly is var assembly
        && (assembly == typeof(object).Assembly || assembly == typeof(Stack<>).Assembly
            || assembly == typeof(System.Collections.Immutable.ImmutableArray).Assembly || assembly == typeof(Enumerable).Assembly);

    private static void Charge(long steps, int line)
    {
        var meter = t_current ?? throw FuelMeter.Unmetered(line);
        meter.LastLine = line;

        // A size read through an interface may be policy code that answers a negative number: never a refund.
        meter.Remaining -= Math.Max(steps, 0);
        if (meter.Remaining < 0)
        {
            meter.Exhausted(line);
        }
    }
}

/// <summary>The sequence <see cref="Fuel.Each"/> returns: each element yielded spends a step of the enumerating hook call, and nested sequences count towards the stack guard.</summary>
internal sealed class MeteredSequence<T>(IEnumerable<T> source, int line) : IEnumerable<T>
{
    public IEnumerator<T> GetEnumerator() => new Enumerator(source.GetEnumerator(), line);

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    internal sealed class Enumerator(IEnumerator<T> inner, int line) : IEnumerator<T>
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

        // Disposing an iterator runs its finally blocks, policy code that may dispose another: a level too.
        public void Dispose()
        {
            Fuel.Enter(line);
            try
            {
                inner.Dispose();
            }
            finally
            {
                Fuel.Exit();
            }
        }
    }
}
