using System.Diagnostics;
using System.Globalization;
using HmsTrace.Policy;

namespace HmsTrace.Metering;

/// <summary>
/// The fuel and call-depth state of one metered policy instance. Mutable and single-threaded: the
/// engine's metered wrapper owns it, installs it for each hook call (<see cref="Begin"/>,
/// <see cref="End"/>) and reads <see cref="StepsUsed"/> at the end of the run.
/// </summary>
public sealed class FuelMeter
{
    private long _callBudget;
    private int _nesting;
    private PolicyStopException? _stop;

    // Counted up by the policy thread at each outermost Begin and End, read by the watchdog thread:
    // odd while a call runs, and a call seen with the same value twice is the same call.
    private long _calls;

    // Written by the watchdog thread only: the call it timed out, by its _calls value (read by the
    // policy thread to tell a time-limit stop from a fuel stop; a stale value names an older call).
    private long _watchedCall = -1;
    private long _watchedSince;
    private long _timedOutCall = -1;

    // The balance the call ended with, read once when it returned (see Finish).
    private long _finalRemaining;
    private bool _finished;
    private bool _reportedTimeLimit;

    // What the watchdog writes over Remaining: see Watch.
    private const long Poison = long.MinValue / 4;

    internal long Remaining;
    internal int Depth;
    internal int LastLine;

    // Sizes marked before a BCL call for a charge within or after it (see Fuel.Hay, Fuel.Mark), each
    // with its owner (a builder) and key (call site and call depth, so a call site re-entered from
    // its own arguments keeps its marks apart): nested calls mark and unmark in order; a search
    // whose consumer never ran (an exception) leaves its entry, which a later unmark pops past. The
    // stack is emptied at each hook call's end and grows as needed (each entry cost a step), up to
    // 2^20 entries, past which the oldest half is dropped.
    private const int MaxMarks = 1 << 20;
    internal object?[] MarkOwners = new object?[64];
    internal long[] MarkKeys = new long[64];
    internal long[] MarkSizes = new long[64];
    internal int MarkCount;

    /// <summary>Creates a meter.</summary>
    /// <param name="scriptFile">Script file name, for messages.</param>
    /// <param name="stepsPerCall">Steps one hook call may take (at least 1).</param>
    /// <param name="stepsPerRun">Steps all hook calls of a run may take together (at least 1).</param>
    /// <param name="maxDepth">Deepest nesting of policy methods within one hook call (at least 1).</param>
    /// <param name="maxArrayLength">Longest array a policy may create, in elements (at least 1).</param>
    /// <param name="timeLimit">Wall-clock time one hook call may take before it is stopped at its next metered point; zero: no limit.</param>
    public FuelMeter(string scriptFile, long stepsPerCall, long stepsPerRun, int maxDepth, long maxArrayLength, TimeSpan timeLimit = default)
    {
        ArgumentNullException.ThrowIfNull(scriptFile);
        ArgumentOutOfRangeException.ThrowIfLessThan(stepsPerCall, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stepsPerRun, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDepth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxArrayLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeLimit, TimeSpan.Zero);
        ScriptFile = scriptFile;
        StepsPerCall = stepsPerCall;
        StepsPerRun = stepsPerRun;
        MaxDepth = maxDepth;
        MaxArrayLength = maxArrayLength;
        TimeLimit = timeLimit;
        if (timeLimit > TimeSpan.Zero)
        {
            FuelWatchdog.Watch(this);
        }
    }

    /// <summary>Script file name, for messages.</summary>
    public string ScriptFile { get; }

    /// <summary>Steps one hook call may take.</summary>
    public long StepsPerCall { get; }

    /// <summary>Steps the whole run may take.</summary>
    public long StepsPerRun { get; }

    /// <summary>Deepest nesting of policy methods within one hook call.</summary>
    public int MaxDepth { get; }

    /// <summary>Longest array a policy may create, in elements.</summary>
    public long MaxArrayLength { get; }

    /// <summary>Wall-clock time one hook call may take (zero: no limit); see <see cref="FuelWatchdog"/>.</summary>
    public TimeSpan TimeLimit { get; }

    /// <summary>Steps spent by completed calls so far.</summary>
    public long StepsUsed { get; private set; }

    /// <summary>The last metered script line reached (0 before any), to locate plain exceptions.</summary>
    public int LastLineReached => LastLine;

    /// <summary>
    /// Starts a hook call on this thread: installs the meter and, unless the call is nested in
    /// another hook call of the same policy (a host call that re-enters it), refills the call budget.
    /// </summary>
    public void Begin()
    {
        if (_nesting++ == 0)
        {
            _callBudget = Math.Min(StepsPerCall, StepsPerRun - StepsUsed);
            Remaining = _callBudget;
            Depth = 0;
            Fuel.Current = this;
            Volatile.Write(ref _calls, _calls + 1);
            if (_callBudget <= 0)
            {
                Remaining = -1;
                Exhausted(LastLine);
            }
        }
    }

    /// <summary>
    /// Checks a hook call that returned: a call that exhausted its budget, or was stopped by the
    /// watchdog, without the stop signal leaving it (something swallowed it) is stopped on return.
    /// Reads the balance once, so the steps the call spent are counted from what it had when it
    /// returned, not from a poison the watchdog may write a moment later.
    /// </summary>
    public void Finish()
    {
        var remaining = Volatile.Read(ref Remaining);
        if (remaining < 0)
        {
            throw StopForExhausted();
        }

        if (_nesting == 1)
        {
            _finalRemaining = remaining;
            _finished = true;
        }
    }

    /// <summary>Ends a hook call started with <see cref="Begin"/> (also after an exception).</summary>
    public void End()
    {
        if (--_nesting != 0)
        {
            return;
        }

        // A call that returned is counted from the balance Finish read. One that did not (its stop
        // signal or exception is on its way out) is counted from the balance now; if the watchdog's
        // poison is in it and no time-limit stop was given yet, the call fails here, since the
        // steps counted would otherwise depend on when the poison landed.
        var timedOut = false;
        if (_finished)
        {
            StepsUsed += _callBudget - _finalRemaining;
            _finished = false;
        }
        else
        {
            timedOut = WatchdogStopped && !_reportedTimeLimit && _stop is not { IsTimeLimit: true };
            StepsUsed += _callBudget - Math.Max(Remaining, 0);
        }

        // The meter stays installed (one thread-local write per call, not two) but spent: policy
        // code that somehow runs between calls stops at its first step.
        Remaining = -1;
        Volatile.Write(ref _calls, _calls + 1);
        if (MarkCount > 0 || _stop is not null || _reportedTimeLimit)
        {
            Release();
        }

        if (timedOut)
        {
            throw new PolicyStopException(ScriptFile, LastLine, BudgetMessage(true), timeLimit: true);
        }
    }

    // Lets go of what the call held on to: builders it marked, the stop signal and its stack trace.
    private void Release()
    {
        Array.Clear(MarkOwners, 0, MarkCount);
        MarkCount = 0;
        _stop = null;
        _reportedTimeLimit = false;
    }

    /// <summary>Whether the current call exhausted its budget (a policy that swallowed the stop signal returns with this set).</summary>
    public bool IsExhausted => Remaining < 0;

    /// <summary>
    /// The stop signal for an exception that left policy code: the stop signal itself when the
    /// exception is, or wraps, one (the BCL wraps exceptions of callbacks such as comparers), else a
    /// new one located at the last metered line.
    /// </summary>
    /// <param name="exception">What the policy threw.</param>
    public Exception StopFor(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PolicyStopException stop)
            {
                return stop;
            }
        }

        if (_stop is not null)
        {
            return new PolicyStopException(ScriptFile, _stop.Line, _stop.Reason, exception, _stop.IsTimeLimit);
        }

        if (WatchdogStopped)
        {
            // The call ran past its time limit and then threw: a time-limit stop all the same, so the run fails.
            _reportedTimeLimit = true;
            return new PolicyStopException(ScriptFile, LastLine, BudgetMessage(true), exception, timeLimit: true);
        }

        return new PolicyStopException(ScriptFile, LastLine, $"{exception.GetType().Name}: {exception.Message} (after the last metered point, line {LastLine.ToString(CultureInfo.InvariantCulture)})", exception);
    }

    /// <summary>The stop signal for a call that returned although the policy was stopped (something swallowed the signal).</summary>
    public Exception StopForExhausted() => _stop is { } stop
        ? new PolicyStopException(ScriptFile, stop.Line, stop.Reason + " (the stop signal was swallowed; stopped on return)", timeLimit: stop.IsTimeLimit)
        : new PolicyStopException(ScriptFile, LastLine, BudgetMessage(WatchdogStopped), timeLimit: WatchdogStopped);

    internal static InvalidOperationException Unmetered(int line) =>
        new($"policy code (line {line.ToString(CultureInfo.InvariantCulture)}) ran outside a metered hook call");

    internal long MarkKey(int site) => ((long)site << 32) | (uint)Depth;

    internal void PushMark(object? owner, long key, long size)
    {
        if (MarkCount == MarkSizes.Length)
        {
            if (MarkCount < MaxMarks)
            {
                Array.Resize(ref MarkOwners, MarkCount * 2);
                Array.Resize(ref MarkKeys, MarkCount * 2);
                Array.Resize(ref MarkSizes, MarkCount * 2);
            }
            else
            {
                var half = MarkCount / 2;
                Array.Copy(MarkOwners, half, MarkOwners, 0, half);
                Array.Copy(MarkKeys, half, MarkKeys, 0, half);
                Array.Copy(MarkSizes, half, MarkSizes, 0, half);
                Array.Clear(MarkOwners, half, half);
                MarkCount = half;
            }
        }

        MarkOwners[MarkCount] = owner;
        MarkKeys[MarkCount] = key;
        MarkSizes[MarkCount++] = size;
    }

    // The size marked by owner under key, popping it and every entry left above it; -1 if there is none.
    internal long PopMark(object? owner, long key)
    {
        while (MarkCount > 0)
        {
            var i = --MarkCount;
            var found = MarkOwners[i];
            MarkOwners[i] = null;
            if (ReferenceEquals(found, owner) && MarkKeys[i] == key)
            {
                return MarkSizes[i];
            }
        }

        return -1;
    }

    internal void Exhausted(int line)
    {
        var timedOut = WatchdogStopped;
        Stop(line, BudgetMessage(timedOut), timedOut);
    }

    // The poison is far below anything charges reach (each is under 2^57 steps and the first
    // negative balance stops the call), so it marks a watchdog stop even when it landed on a call
    // that began after the watchdog decided (see Watch).
    private bool WatchdogStopped => Volatile.Read(ref _timedOutCall) == _calls || Remaining < Poison / 2;

    /// <summary>
    /// Called by the watchdog thread: a call seen running under the same count for longer than the
    /// limit is stopped at its next metered point by overwriting its remaining steps with
    /// <see cref="Poison"/>. The policy thread decrements without synchronisation (that is what keeps
    /// a step at one decrement), so a single write can be lost to its read-modify-write; the watchdog
    /// writes in a burst of up to a millisecond, until the stop is seen or the call has ended. A call
    /// that ends between the look and a write hands the poison to the next call, which then stops
    /// with the same time-limit message: the run fails either way, and only the line named differs.
    /// </summary>
    internal void Watch(long now)
    {
        var calls = Volatile.Read(ref _calls);
        if ((calls & 1) == 0 || calls != _watchedCall)
        {
            _watchedCall = calls;
            _watchedSince = now;
            return;
        }

        if (Stopwatch.GetElapsedTime(_watchedSince, now) < TimeLimit)
        {
            return;
        }

        Volatile.Write(ref _timedOutCall, calls);
        var burstEnd = now + (Stopwatch.Frequency / 1000);
        do
        {
            Volatile.Write(ref Remaining, Poison);
        }
        while (Volatile.Read(ref _stop) is null && Volatile.Read(ref _calls) == calls && Stopwatch.GetTimestamp() < burstEnd);
    }

    internal void TooDeep(int line) =>
        Stop(line, string.Create(CultureInfo.InvariantCulture, $"stack guard: calls nested deeper than {MaxDepth} levels (recursion?)"), false);

    internal void TooLong(int line, long length) =>
        Stop(line, string.Create(CultureInfo.InvariantCulture, $"array of {length} elements exceeds the bound of {MaxArrayLength}"), false);

    // Once stopped, every later step throws again and a call that returns anyway is stopped on return.
    private void Stop(int line, string reason, bool timeLimit)
    {
        Remaining = -1;
        _stop ??= new PolicyStopException(ScriptFile, line, reason, timeLimit: timeLimit);
        throw _stop;
    }

    private string BudgetMessage(bool timedOut) => timedOut
        ? string.Create(CultureInfo.InvariantCulture, $"time limit: the hook call ran longer than {TimeLimit.TotalSeconds:0.###} s of wall-clock time (BCL calls over large data in a loop? raise --time-per-call)")
        : _callBudget < StepsPerCall
        ? string.Create(CultureInfo.InvariantCulture, $"out of fuel: the run's budget of {StepsPerRun} steps is spent (raise --fuel-per-run)")
        : string.Create(CultureInfo.InvariantCulture, $"out of fuel: the hook call's budget of {StepsPerCall} steps is spent (an endless loop? raise --fuel-per-call)");
}
