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

    internal long Remaining;
    internal int Depth;
    internal int LastLine;

    /// <summary>Creates a meter.</summary>
    /// <param name="scriptFile">Script file name, for messages.</param>
    /// <param name="stepsPerCall">Steps one hook call may take (at least 1).</param>
    /// <param name="stepsPerRun">Steps all hook calls of a run may take together (at least 1).</param>
    /// <param name="maxDepth">Deepest nesting of policy methods within one hook call (at least 1).</param>
    /// <param name="maxArrayLength">Longest array a policy may create, in elements (at least 1).</param>
    public FuelMeter(string scriptFile, long stepsPerCall, long stepsPerRun, int maxDepth, long maxArrayLength)
    {
        ArgumentNullException.ThrowIfNull(scriptFile);
        ArgumentOutOfRangeException.ThrowIfLessThan(stepsPerCall, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stepsPerRun, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDepth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxArrayLength, 1);
        ScriptFile = scriptFile;
        StepsPerCall = stepsPerCall;
        StepsPerRun = stepsPerRun;
        MaxDepth = maxDepth;
        MaxArrayLength = maxArrayLength;
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
            _stop = null;
            Fuel.Current = this;
            if (_callBudget <= 0)
            {
                Remaining = -1;
                Exhausted(LastLine);
            }
        }
    }

    /// <summary>Ends a hook call started with <see cref="Begin"/> (also after an exception).</summary>
    public void End()
    {
        if (--_nesting == 0)
        {
            // The meter stays installed (one thread-local write per call, not two) but spent:
            // policy code that somehow runs between calls stops at its first step.
            StepsUsed += _callBudget - Math.Max(Remaining, 0);
            Remaining = -1;
        }
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
            return new PolicyStopException(ScriptFile, _stop.Line, _stop.Reason, exception);
        }

        return new PolicyStopException(ScriptFile, LastLine, $"{exception.GetType().Name}: {exception.Message} (after the last metered point, line {LastLine.ToString(CultureInfo.InvariantCulture)})", exception);
    }

    /// <summary>The stop signal for a call that returned although the policy was stopped (something swallowed the signal).</summary>
    public Exception StopForExhausted() => _stop is { } stop
        ? new PolicyStopException(ScriptFile, stop.Line, stop.Reason + " (the stop signal was swallowed; stopped on return)")
        : new PolicyStopException(ScriptFile, LastLine, BudgetMessage());

    internal static InvalidOperationException Unmetered(int line) =>
        new($"policy code (line {line.ToString(CultureInfo.InvariantCulture)}) ran outside a metered hook call");

    internal void Exhausted(int line) => Stop(line, BudgetMessage());

    internal void TooDeep(int line) =>
        Stop(line, string.Create(CultureInfo.InvariantCulture, $"stack guard: calls nested deeper than {MaxDepth} levels (recursion?)"));

    internal void TooLong(int line, long length) =>
        Stop(line, string.Create(CultureInfo.InvariantCulture, $"array of {length} elements exceeds the bound of {MaxArrayLength}"));

    // Once stopped, every later step throws again and a call that returns anyway is stopped on return.
    private void Stop(int line, string reason)
    {
        Remaining = -1;
        _stop ??= new PolicyStopException(ScriptFile, line, reason);
        throw _stop;
    }

    private string BudgetMessage() => _callBudget < StepsPerCall
        ? string.Create(CultureInfo.InvariantCulture, $"out of fuel: the run's budget of {StepsPerRun} steps is spent (raise --fuel-per-run)")
        : string.Create(CultureInfo.InvariantCulture, $"out of fuel: the hook call's budget of {StepsPerCall} steps is spent (an endless loop? raise --fuel-per-call)");
}
