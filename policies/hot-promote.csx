// hot-promote: DAMON/DAMOS-style tiering.
//
// At every epoch, ranges whose access frequency (page touches per page in the epoch) reaches
// `hot_per_page` and whose access pattern is at least `min_age_ms` old are promoted to the best
// target of their dominant initiator, hottest first; ranges on a fast target that saw no access
// for `cold_age_ms` are demoted to the next target in the preference order, coldest (oldest)
// first. Promotions and demotions together move at most `quota_mib` per epoch (DAMOS quota).
//
// Hooks: OnEpoch (all decisions), OnPressure (demote cold ranges on demand).
// Parameters: hot_per_page, min_age_ms, cold_age_ms, quota_mib (see Initialize).
using System;
using System.Collections.Generic;
using HmsTrace.Policy;

/// <summary>A migration candidate found in an epoch scan.</summary>
public readonly record struct Candidate(uint ProcessId, ulong StartPage, ulong EndPage, TargetId To, long Score);

public sealed class HotPromotePolicy : PlacementPolicy
{
    private readonly List<Candidate> _promote = new();
    private readonly List<Candidate> _demote = new();
    private readonly Comparison<Candidate> _order = ByScoreThenPosition;
    private long _hotPerPage = 2;
    private long _minAgeNs;
    private long _coldAgeNs = 100_000_000;
    private long _quotaBytes = 256L << 20;

    public override void Initialize(PolicySetup setup)
    {
        _hotPerPage = setup.Int("hot_per_page", 2, 1, 1_000_000, "page touches per page in one epoch that make a range hot");
        _minAgeNs = setup.Int("min_age_ms", 0, 0, 3_600_000, "a hot range must have kept its access pattern this long, ms") * 1_000_000;
        _coldAgeNs = setup.Int("cold_age_ms", 100, 0, 3_600_000, "a range unaccessed this long is cold, ms") * 1_000_000;
        _quotaBytes = setup.Int("quota_mib", 256, 1, 1 << 20, "bytes promoted plus demoted per epoch at most, MiB") << 20;
    }

    public override void OnEpoch(EpochContext context)
    {
        _promote.Clear();
        _demote.Clear();
        var topology = context.Topology;
        for (var i = 0; i < context.RangeCount; i++)
        {
            var r = context.Range(i);
            if (!r.Target.IsSome || r.PinCount > 0)
            {
                continue;
            }

            var initiator = new InitiatorId(r.DominantInitiator >= 0 ? r.DominantInitiator : 0);
            var best = topology.BestTarget(initiator);
            var pages = (long)r.Pages;
            if (r.Target != best && best.IsSome && r.EpochAccesses >= _hotPerPage * pages && r.AgeNs >= _minAgeNs)
            {
                _promote.Add(new Candidate(r.ProcessId, r.StartPage, r.EndPage, best, r.EpochAccesses / Math.Max(pages, 1)));
            }
            else if (r.Target == best && r.EpochAccesses == 0 && r.LastAccessNs >= 0 && context.EpochEndNs - r.LastAccessNs >= _coldAgeNs)
            {
                var slower = Next(topology, initiator, r.Target);
                if (slower.IsSome)
                {
                    _demote.Add(new Candidate(r.ProcessId, r.StartPage, r.EndPage, slower, context.EpochEndNs - r.LastAccessNs));
                }
            }
        }

        // Hottest promotions and coldest demotions first; ties by position so the order is total.
        _promote.Sort(_order);
        _demote.Sort(_order);
        var budget = _quotaBytes;
        var pageBytes = topology.PageSizeBytes;
        var d = 0;
        foreach (var c in _promote)
        {
            var bytes = (long)(c.EndPage - c.StartPage) * pageBytes;
            if (bytes > budget)
            {
                break;
            }

            // Make room first: demote cold ranges from the same target while it lacks space.
            while (context.FreeBytes(c.To) < bytes && d < _demote.Count && budget >= 2 * bytes)
            {
                var victim = _demote[d++];
                var victimBytes = (long)(victim.EndPage - victim.StartPage) * pageBytes;
                if (context.Migrate(victim.ProcessId, victim.StartPage, victim.EndPage, victim.To))
                {
                    budget -= victimBytes;
                }
            }

            if (context.Migrate(c.ProcessId, c.StartPage, c.EndPage, c.To))
            {
                budget -= bytes;
            }
        }

        for (; d < _demote.Count; d++)
        {
            var victim = _demote[d];
            var bytes = (long)(victim.EndPage - victim.StartPage) * pageBytes;
            if (bytes > budget)
            {
                break;
            }

            if (context.Migrate(victim.ProcessId, victim.StartPage, victim.EndPage, victim.To))
            {
                budget -= bytes;
            }
        }
    }

    private static int ByScoreThenPosition(Candidate a, Candidate b)
    {
        var byScore = b.Score.CompareTo(a.Score);
        if (byScore != 0)
        {
            return byScore;
        }

        var byProcess = a.ProcessId.CompareTo(b.ProcessId);
        return byProcess != 0 ? byProcess : a.StartPage.CompareTo(b.StartPage);
    }

    private static TargetId Next(PolicyTopology topology, InitiatorId initiator, TargetId current)
    {
        var order = topology.PreferenceOrder(initiator);
        for (var i = 0; i + 1 < order.Count; i++)
        {
            if (order[i] == current.Value)
            {
                return new TargetId(order[i + 1]);
            }
        }

        return TargetId.None;
    }
}
