using HmsTrace.Topology;

namespace HmsTrace.Engine.Policies;

/// <summary>
/// Shares <see cref="NextUseIndex"/> pre-passes between replays of the same records on machines
/// that touch the same pages: a sweep of <c>optimal</c> over capacities reads and replays each
/// trace once for all of them, not once per run. The touches depend on the records, the page size
/// and the initiators (see <see cref="NextUseIndex.Build"/>), so those are the key; capacities,
/// quotas and epochs are not. Thread-safe: replays that ask at once wait for one build, and a
/// failed build fails each of them with its error. An index is held weakly once built, so it lives
/// as long as a replay uses it and a long sweep does not keep every trace's index.
/// </summary>
public sealed class NextUseIndexCache
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Lazy<NextUseIndex>> _building = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WeakReference<NextUseIndex>> _built = new(StringComparer.Ordinal);
    private int _builds;

    /// <summary>How many indexes were built (not found) so far.</summary>
    public int Builds => Volatile.Read(ref _builds);

    /// <summary>
    /// The index of the records named <paramref name="recordsKey"/> (a trace file and the options it
    /// is read with) on <paramref name="machine"/>: a shared one, or a new one from
    /// <paramref name="build"/>. A null key means the records cannot be named: nothing is shared.
    /// </summary>
    public NextUseIndex Get(string? recordsKey, MachineTopology machine, Func<NextUseIndex> build)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(build);
        if (recordsKey is null)
        {
            Interlocked.Increment(ref _builds);
            return build();
        }

        var key = Key(recordsKey, machine);
        Lazy<NextUseIndex> lazy;
        lock (_gate)
        {
            if (_built.TryGetValue(key, out var weak) && weak.TryGetTarget(out var found))
            {
                return found;
            }

            if (!_building.TryGetValue(key, out lazy!))
            {
                lazy = new Lazy<NextUseIndex>(
                    () =>
                    {
                        Interlocked.Increment(ref _builds);
                        return build();
                    },
                    LazyThreadSafetyMode.ExecutionAndPublication);
                _building.Add(key, lazy);
            }
        }

        try
        {
            var index = lazy.Value;
            lock (_gate)
            {
                _built[key] = new WeakReference<NextUseIndex>(index);
            }

            return index;
        }
        finally
        {
            // Built or failed: later callers find the index, or try again.
            lock (_gate)
            {
                if (_building.TryGetValue(key, out var current) && current == lazy)
                {
                    _building.Remove(key);
                }
            }
        }
    }

    /// <summary>What of the machine decides which pages are touched: the page size and the initiators (versioned id and name), in order.</summary>
    private static string Key(string recordsKey, MachineTopology machine)
    {
        var initiators = new List<string>(machine.Initiators.Count);
        foreach (var i in machine.Initiators)
        {
            initiators.Add($"{i.Id} {i.Name}");
        }

        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{recordsKey}\n{machine.PageSizeBytes}\n{string.Join('\n', initiators)}");
    }
}
