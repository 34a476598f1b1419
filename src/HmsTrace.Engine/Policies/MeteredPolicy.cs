using HmsTrace.Metering;
using HmsTrace.Policy;

namespace HmsTrace.Engine.Policies;

/// <summary>
/// Runs a policy compiled with injected fuel checks: every hook call installs the policy's
/// <see cref="FuelMeter"/> and refills the per-call budget, and any exception the policy lets out is
/// turned into a <see cref="PolicyStopException"/> naming the script file and line, which the
/// engine's fault path reports with the hook and record index; a call that returns although it was
/// stopped (something swallowed the signal) is stopped on return (<see cref="FuelMeter.Finish"/>,
/// which also reads the balance the call is counted from). The capability properties are read
/// once, metered, when the wrapper is created. Single-threaded, like every policy.
/// </summary>
public sealed class MeteredPolicy : PlacementPolicy
{
    private readonly PlacementPolicy _inner;
    private readonly FuelMeter _meter;
    private readonly IReadOnlyList<int> _objectVersions;
    private readonly bool _wantsEveryAccess;
    private readonly bool _wantsNonLocalAccess;

    private MeteredPolicy(PlacementPolicy inner, FuelMeter meter, IReadOnlyList<int> objectVersions, bool wantsEveryAccess, bool wantsNonLocalAccess)
    {
        _inner = inner;
        _meter = meter;
        _objectVersions = objectVersions;
        _wantsEveryAccess = wantsEveryAccess;
        _wantsNonLocalAccess = wantsNonLocalAccess;
    }

    /// <summary>The metered policy instance.</summary>
    public PlacementPolicy Inner => _inner;

    /// <summary>Steps the policy spent so far (constructor included).</summary>
    public long FuelUsed => _meter.StepsUsed;

    /// <summary>
    /// Creates the policy with <paramref name="factory"/> under a fresh meter (its constructor and
    /// field initialisers are metered too) and wraps it.
    /// </summary>
    /// <param name="factory">Creates the compiled policy instance.</param>
    /// <param name="scriptFile">The script's file name, for messages.</param>
    /// <param name="budget">The limits.</param>
    /// <exception cref="PolicyFaultException">The constructor or a capability property faulted or ran out of fuel (hook "constructor", record -1).</exception>
    public static MeteredPolicy Create(Func<PlacementPolicy> factory, string scriptFile, FuelBudget budget)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(scriptFile);
        ArgumentNullException.ThrowIfNull(budget);
        var meter = new FuelMeter(scriptFile, budget.StepsPerCall, budget.StepsPerRun, budget.MaxDepth, budget.MaxArrayLength, budget.TimePerCall);
        try
        {
            meter.Begin();
            var inner = factory();
            IReadOnlyList<int> versions = [.. inner.ObjectVersions];
            var every = inner.WantsEveryAccess;
            var nonLocal = inner.WantsNonLocalAccess;
            meter.Finish();
            return new MeteredPolicy(inner, meter, versions, every, nonLocal);
        }
        catch (Exception e) when (e is not PolicyFaultException and not InputException)
        {
            // No engine exists yet to report the fault: report it the engine's way, as record -1.
            var stop = e as PolicyStopException ?? (PolicyStopException)meter.StopFor(e);
            throw new PolicyFaultException("constructor", -1, stop.Message, stop);
        }
        finally
        {
            meter.End();
        }
    }

    /// <inheritdoc />
    public override IReadOnlyList<int> ObjectVersions => _objectVersions;

    /// <inheritdoc />
    public override bool WantsEveryAccess => _wantsEveryAccess;

    /// <inheritdoc />
    public override bool WantsNonLocalAccess => _wantsNonLocalAccess;

    /// <inheritdoc />
    public override void Initialize(PolicySetup setup)
    {
        try
        {
            _meter.Begin();
            _inner.Initialize(setup);
            _meter.Finish();
        }
        catch (Exception e) when (IsPolicyOwn(e))
        {
            throw _meter.StopFor(e);
        }
        finally
        {
            _meter.End();
        }
    }

    /// <inheritdoc />
    public override TargetId OnFirstTouch(FirstTouchContext context)
    {
        try
        {
            _meter.Begin();
            var target = _inner.OnFirstTouch(context);
            _meter.Finish();
            return target;
        }
        catch (Exception e) when (IsPolicyOwn(e))
        {
            throw _meter.StopFor(e);
        }
        finally
        {
            _meter.End();
        }
    }

    /// <inheritdoc />
    public override void OnNonLocalAccess(AccessContext context)
    {
        try
        {
            _meter.Begin();
            _inner.OnNonLocalAccess(context);
            _meter.Finish();
        }
        catch (Exception e) when (IsPolicyOwn(e))
        {
            throw _meter.StopFor(e);
        }
        finally
        {
            _meter.End();
        }
    }

    /// <inheritdoc />
    public override void OnAccess(AccessContext context)
    {
        try
        {
            _meter.Begin();
            _inner.OnAccess(context);
            _meter.Finish();
        }
        catch (Exception e) when (IsPolicyOwn(e))
        {
            throw _meter.StopFor(e);
        }
        finally
        {
            _meter.End();
        }
    }

    /// <inheritdoc />
    public override HintDecision OnHint(HintContext context)
    {
        try
        {
            _meter.Begin();
            var decision = _inner.OnHint(context);
            _meter.Finish();
            return decision;
        }
        catch (Exception e) when (IsPolicyOwn(e))
        {
            throw _meter.StopFor(e);
        }
        finally
        {
            _meter.End();
        }
    }

    /// <inheritdoc />
    public override void OnEpoch(EpochContext context)
    {
        try
        {
            _meter.Begin();
            _inner.OnEpoch(context);
            _meter.Finish();
        }
        catch (Exception e) when (IsPolicyOwn(e))
        {
            throw _meter.StopFor(e);
        }
        finally
        {
            _meter.End();
        }
    }

    /// <inheritdoc />
    public override PressureDecision OnPressure(PressureContext context)
    {
        try
        {
            _meter.Begin();
            var decision = _inner.OnPressure(context);
            _meter.Finish();
            return decision;
        }
        catch (Exception e) when (IsPolicyOwn(e))
        {
            throw _meter.StopFor(e);
        }
        finally
        {
            _meter.End();
        }
    }

    /// <inheritdoc />
    public override void OnUnmap(UnmapContext context)
    {
        try
        {
            _meter.Begin();
            _inner.OnUnmap(context);
            _meter.Finish();
        }
        catch (Exception e) when (IsPolicyOwn(e))
        {
            throw _meter.StopFor(e);
        }
        finally
        {
            _meter.End();
        }
    }

    /// <inheritdoc />
    public override void OnRemap(UnmapContext context)
    {
        try
        {
            _meter.Begin();
            _inner.OnRemap(context);
            _meter.Finish();
        }
        catch (Exception e) when (IsPolicyOwn(e))
        {
            throw _meter.StopFor(e);
        }
        finally
        {
            _meter.End();
        }
    }

    // The engine's own signals pass through untouched; everything else the policy threw gets a location.
    private static bool IsPolicyOwn(Exception e) => e is not PolicyStopException and not PolicyFaultException and not InputException;
}
