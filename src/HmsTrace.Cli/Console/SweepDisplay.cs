using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using HmsTrace.Replay.Pipeline;
using HmsTrace.Replay.Sweep;
using Spectre.Console;

namespace HmsTrace.Cli.Console;

/// <summary>
/// Shows a sweep as it runs: on a terminal, a live Spectre.Console view with the overall bar and one
/// bar per running replay; otherwise one plain line per finished run. Failures are printed as they
/// happen, in both modes. Thread-safe: the sweep's workers call it concurrently.
/// </summary>
internal sealed class SweepDisplay(TextWriter output, TextWriter error, int total) : ISweepObserver
{
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<int, ProgressTask> _running = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private ProgressContext? _context;
    private ProgressTask? _overall;
    private int _finished;

    public async Task<T> RunAsync<T>(Func<ISweepObserver, Task<T>> work)
    {
        if (!Terminal.IsInteractive(output))
        {
            return await work(this).ConfigureAwait(false);
        }

        T result = default!;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                lock (_gate)
                {
                    _context = ctx;
                    _overall = ctx.AddTask(Overall(), maxValue: Math.Max(1, total));
                }

                result = await work(this).ConfigureAwait(false);
                lock (_gate)
                {
                    _overall.Description = Overall();
                    _overall.Value = _overall.MaxValue;
                }
            }).ConfigureAwait(false);
        return result;
    }

    public void RunStarted(SweepRun run)
    {
        lock (_gate)
        {
            if (_context is { } ctx)
            {
                _running[run.Index] = ctx.AddTask(Markup.Escape(Short(run)), maxValue: 1);
            }
        }
    }

    public void RunProgress(SweepRun run, ReplayProgress progress)
    {
        if (!_running.TryGetValue(run.Index, out var task))
        {
            return;
        }

        lock (_gate)
        {
            // While optimal reads the trace ahead the bar waits (its records are not the replay's),
            // so that it fills once, for the replay, and its remaining time is the replay's.
            var description = Markup.Escape(progress.ReadingAhead ? Short(run) + " (reading the trace ahead)" : Short(run));
            if (task.Description != description)
            {
                task.Description = description;
                task.IsIndeterminate = progress.ReadingAhead;
            }

            if (!progress.ReadingAhead && progress.TotalRecords is > 0 and var t)
            {
                task.MaxValue = t;
                task.Value = progress.Records;
            }
        }
    }

    public void RunFinished(SweepRunOutcome outcome)
    {
        var run = outcome.Run;
        int n;
        lock (_gate)
        {
            n = ++_finished;
            if (_running.TryRemove(run.Index, out var task))
            {
                task.Value = task.MaxValue;
                task.StopTask();
            }

            if (_overall is { } overall)
            {
                overall.Increment(1);
                overall.Description = Overall();
            }
        }

        var counter = string.Create(CultureInfo.InvariantCulture, $"[{n.ToString(CultureInfo.InvariantCulture).PadLeft(total.ToString(CultureInfo.InvariantCulture).Length)}/{total}]");
        if (outcome.Status == SweepRunStatus.Failed)
        {
            var line = $"{counter} FAILED  {run.Label}  run {run.RunId}: {outcome.Error}";
            lock (_gate)
            {
                if (_context is not null)
                {
                    AnsiConsole.MarkupLine($"[red]{Markup.Escape(line)}[/]");
                }
                else
                {
                    error.WriteLine(line);
                }
            }

            return;
        }

        if (_context is not null)
        {
            return;
        }

        var detail = outcome.Result is { } r
            ? string.Create(CultureInfo.InvariantCulture, $"hit {r.Totals.HitRate:P1}, {r.WallNs / 1e9:0.0} s")
            : "already complete";
        lock (_gate)
        {
            output.WriteLine($"{counter} {(outcome.Status == SweepRunStatus.Completed ? "done   " : "skipped")} {run.Label}  run {run.RunId} ({detail})");
        }
    }

    private static string Short(SweepRun run) => run.Label.Length <= 60 ? run.Label : run.Label[..59] + "…";

    private string Overall() => string.Create(CultureInfo.InvariantCulture, $"sweep {_finished}/{total} ({_clock.Elapsed:hh\\:mm\\:ss})");
}
