using HmsTrace.Policy;

namespace HmsTrace.Engine.Tests.Ranges;

/// <summary>
/// A policy that takes random (seeded) but valid decisions in every hook: placements, hints,
/// synchronous and epoch migrations, demotions under pressure. It exists to drive the range map
/// through as many shapes as possible.
/// </summary>
internal sealed class ChaosPolicy(int seed, int targets) : PlacementPolicy
{
    private readonly Random _random = new(seed);
    private readonly List<(uint Pid, ulong Page)> _seen = [];

    public override bool WantsEveryAccess => true;

    public override TargetId OnFirstTouch(FirstTouchContext context)
        => _random.Next(3) == 0 ? TargetId.None : new TargetId(_random.Next(targets));

    public override void OnAccess(AccessContext context)
    {
        if (_seen.Count < 256)
        {
            _seen.Add((context.ProcessId, context.StartPage));
        }
        else
        {
            _seen[_random.Next(_seen.Count)] = (context.ProcessId, context.StartPage);
        }
    }

    public override void OnNonLocalAccess(AccessContext context)
    {
        switch (_random.Next(4))
        {
            case 0:
                context.Migrate(new TargetId(_random.Next(targets)));
                break;
            case 1:
                var start = context.StartPage - Math.Min(context.StartPage, (ulong)_random.Next(4));
                context.Migrate(start, context.EndPage + (ulong)_random.Next(4), new TargetId(_random.Next(targets)));
                break;
        }
    }

    public override HintDecision OnHint(HintContext context)
    {
        if (_random.Next(4) == 0)
        {
            context.Migrate(new TargetId(_random.Next(targets)));
        }

        return _random.Next(3) == 0 ? HintDecision.Ignore : HintDecision.Honour;
    }

    public override void OnEpoch(EpochContext context)
    {
        var requests = context.RangeCount == 0 ? 0 : _random.Next(4);
        for (var i = 0; i < requests; i++)
        {
            var range = context.Range(_random.Next(context.RangeCount));
            var start = range.StartPage + (ulong)_random.Next((int)Math.Min(range.Pages, 3));
            var end = Math.Max(start + 1, range.EndPage + (ulong)_random.Next(-1, 3));
            context.Migrate(range.ProcessId, start, end, new TargetId(_random.Next(targets)));
        }
    }

    public override PressureDecision OnPressure(PressureContext context)
    {
        var demotions = _seen.Count == 0 ? 0 : _random.Next(3);
        for (var i = 0; i < demotions; i++)
        {
            var (pid, page) = _seen[_random.Next(_seen.Count)];
            context.Demote(pid, page, page + 1 + (ulong)_random.Next(3), new TargetId(_random.Next(targets)));
        }

        return (PressureDecision)_random.Next(3);
    }
}
