using HmsTrace.Engine.Results;
using HmsTrace.Policy;
using HmsTrace.Topology;

namespace HmsTrace.Engine;

/// <summary>Migrations with migrate_vma semantics: pinned pages stay, partial success, holes, costs, ping-pong.</summary>
public sealed partial class ReplayEngine
{
    /// <summary>Moves data a CPU cannot reach (non-coherent device memory) to the initiator's best target; never fails.</summary>
    private long ForceMigrate(AddressSpace space, int initiator, ulong start, ulong end, out int target)
    {
        // Demotions the pressure hook makes room with are part of this access's cost too.
        var before = _migrationNs;
        var order = _binding.PreferenceOrder(initiator);
        target = DefaultPlacement(space, initiator, (long)(end - start), 0);
        if (order.Count == 0)
        {
            return _migrationNs - before;
        }

        Migrate(space, start, end, target, MigrationReason.Fault, onlyFrom: -1, force: true);
        return _migrationNs - before;
    }

    bool IPolicyHost.RequestMigration(uint processId, ulong startPage, ulong endPage, int target, MigrationReason reason)
    {
        if (!ValidTarget(target))
        {
            Fault(HookOf(reason), $"asked to migrate to target {target}, which is not a usable target of the declared versions", null);
            return false;
        }

        if (endPage <= startPage)
        {
            Fault(HookOf(reason), $"asked to migrate an empty or inverted range [{startPage}, {endPage})", null);
            return false;
        }

        if (_inEpochHook)
        {
            if (_epochRequests.Count >= _options.MaxEpochMigrations)
            {
                return false;
            }

            _epochRequests.Add((processId, startPage, endPage, target));
            return true;
        }

        if (!_spaces.TryGetValue(processId, out var space))
        {
            return false;
        }

        return Migrate(space, startPage, endPage, target, reason, onlyFrom: -1, force: false) == MigrationOutcome.Moved;
    }

    bool IPolicyHost.Demote(uint processId, ulong startPage, ulong endPage, int target)
    {
        if (!ValidTarget(target) || endPage <= startPage)
        {
            Fault(nameof(PlacementPolicy.OnPressure), $"asked to demote [{startPage}, {endPage}) to target {target}, which is not valid", null);
            return false;
        }

        if (!_spaces.TryGetValue(processId, out var space))
        {
            return false;
        }

        var from = _pressureTarget;
        return Migrate(space, startPage, endPage, target, MigrationReason.Pressure, onlyFrom: from, force: false) == MigrationOutcome.Moved;
    }

    private int _pressureTarget = -1;

    private static string HookOf(MigrationReason reason) => reason switch
    {
        MigrationReason.Policy => nameof(PlacementPolicy.OnEpoch),
        MigrationReason.Hint => nameof(PlacementPolicy.OnHint),
        MigrationReason.Pressure => nameof(PlacementPolicy.OnPressure),
        _ => nameof(PlacementPolicy.OnNonLocalAccess),
    };

    long IPolicyHost.FreeBytes(int target) => ValidTarget(target) ? Math.Max(0, _capacityPages[target] - _usedPages[target]) * _pageSize : 0;

    long IPolicyHost.UsedBytes(uint processId, int target)
        => ValidTarget(target) && _spaces.TryGetValue(processId, out var s) ? s.UsedPages[target] * _pageSize : 0;

    /// <summary>
    /// Executes one migration request of <c>[start, end)</c> to <paramref name="to"/> and records it.
    /// Populated pages not on the destination move unless pinned; with <paramref name="onlyFrom"/> ≥ 0
    /// only pages on that target move; holes stay holes. Capacity is all-or-nothing for the movable
    /// pages (after one pressure-hook attempt); <paramref name="force"/> skips capacity and quota and moves pinned pages too.
    /// </summary>
    private MigrationOutcome Migrate(AddressSpace space, ulong start, ulong end, int to, MigrationReason reason, int onlyFrom, bool force)
    {
        var map = space.Map;
        long movable = 0, pinned = 0, holes = 0;
        var source = -1;
        var mixed = false;
        var page = start;
        while (page < end)
        {
            if (!map.TryFind(page, out var p))
            {
                var next = map.LowerBound(page);
                page = map.IsEnd(next) ? end : Math.Min(end, map[next].Start);
                continue;
            }

            ref var e = ref map[p];
            var segEnd = Math.Min(end, e.End);
            var n = (long)(segEnd - page);
            if (e.Target < 0)
            {
                holes += n;
            }
            else if (e.Target != to && (onlyFrom < 0 || e.Target == onlyFrom))
            {
                if (e.PinCount > 0 && !force)
                {
                    pinned += n;
                }
                else
                {
                    movable += n;
                    mixed |= source >= 0 && source != e.Target;
                    source = source < 0 ? e.Target : source;
                }
            }

            page = segEnd;
        }

        if (movable == 0 && pinned == 0)
        {
            if (holes > 0)
            {
                Record(space, start, end, null, to, reason, MigrationOutcome.NothingPopulated, 0, 0, 0, false);
                return MigrationOutcome.NothingPopulated;
            }

            // Everything is already where it was asked to be: nothing to request.
            return MigrationOutcome.Moved;
        }

        if (movable == 0)
        {
            Record(space, start, end, null, to, reason, MigrationOutcome.Pinned, 0, pinned, 0, false);
            return MigrationOutcome.Pinned;
        }

        if (!force)
        {
            var allow = _machine.Targets[to].AllowedProcesses;
            var reachable = source >= 0 && _binding.MigrationPath(source, to).IsReachable;
            if ((allow is not null && !allow.Contains(space.ProcessId)) || space.UsedPages[to] + movable > _quotaPages[to] || !reachable)
            {
                Record(space, start, end, mixed ? "mixed" : _targetNames[source], to, reason, MigrationOutcome.Denied, 0, movable + pinned, 0, false);
                return MigrationOutcome.Denied;
            }

            if (!HasRoom(to, movable, space.ProcessId))
            {
                Record(space, start, end, mixed ? "mixed" : _targetNames[source], to, reason, MigrationOutcome.NoCapacity, 0, movable + pinned, 0, false);
                return MigrationOutcome.NoCapacity;
            }
        }

        var cost = checked(_machine.MigrationRequestOverheadNs + (movable * _machine.MigrationPageOverheadNs));
        var pingPong = false;
        page = start;
        while (page < end)
        {
            if (!map.TryFind(page, out var p))
            {
                var next = map.LowerBound(page);
                page = map.IsEnd(next) ? end : Math.Min(end, map[next].Start);
                continue;
            }

            ref var e = ref map[p];
            var segmentEnd = Math.Min(end, e.End);
            if (e.Target >= 0 && e.Target != to && (e.PinCount == 0 || force) && (onlyFrom < 0 || e.Target == onlyFrom))
            {
                var from = e.Target;
                var n = (long)(segmentEnd - page);
                var path = _binding.MigrationPath(from, to);
                cost = checked(cost + (path.IsReachable ? path.TransferNs((ulong)(n * _pageSize), write: true) : 0));
                _usedPages[from] -= n;
                space.UsedPages[from] -= n;
                _usedPages[to] += n;
                space.UsedPages[to] += n;
                pingPong |= Retarget(map, p, page, segmentEnd, to, migration: true);
            }

            page = segmentEnd;
        }

        var outcome = pinned > 0 ? MigrationOutcome.Partial : MigrationOutcome.Moved;
        Record(space, start, end, mixed ? "mixed" : _targetNames[source], to, reason, outcome, movable, pinned, cost, pingPong);
        _bytesMigrated += movable * _pageSize;
        _migrationNs = checked(_migrationNs + cost);
        if (pingPong)
        {
            _pingPongs++;
        }

        return outcome;
    }

    private void Record(AddressSpace space, ulong start, ulong end, string? from, int to, MigrationReason reason, MigrationOutcome outcome, long moved, long failed, long cost, bool pingPong)
    {
        _migrationsRequested++;
        switch (outcome)
        {
            case MigrationOutcome.Moved:
                _migrationsMoved++;
                break;
            case MigrationOutcome.Partial:
                _migrationsPartial++;
                break;
            default:
                _migrationsFailed++;
                break;
        }

        _output.Migration(new MigrationRow(
            _now, _epoch, _recordIndex, space.ProcessId, start << _pageShift, end << _pageShift, (long)(end - start),
            from, _targetNames[to], reason, outcome, moved, failed, cost, pingPong));
    }
}
