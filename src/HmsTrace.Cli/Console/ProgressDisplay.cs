using System.Diagnostics;
using System.Globalization;
using HmsTrace.Replay.Pipeline;
using Spectre.Console;

namespace HmsTrace.Cli.Console;

/// <summary>
/// Shows replay progress: a live Spectre.Console bar (records, rate, ETA) on a terminal, and a plain
/// line on stderr every few seconds otherwise. Thread-safe: reports come from the engine stage.
/// </summary>
internal sealed class ProgressDisplay(TextWriter output, TextWriter error, string label) : IProgress<ReplayProgress>
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private ProgressTask? _task;
    private TimeSpan _lastPlain = TimeSpan.Zero;
    private TimeSpan _phaseStart = TimeSpan.Zero;
    private bool _readingAhead;

    public async Task<T> RunAsync<T>(Func<IProgress<ReplayProgress>, Task<T>> work)
    {
        if (!Terminal.IsInteractive(output))
        {
            return await work(this).ConfigureAwait(false);
        }

        T result = default!;
        await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                lock (_gate)
                {
                    _task = ctx.AddTask(label, maxValue: 1);
                }

                result = await work(this).ConfigureAwait(false);
            }).ConfigureAwait(false);
        return result;
    }

    public void Report(ReplayProgress value)
    {
        var what = value.ReadingAhead ? $"{label}, reading the trace ahead" : label;
        double rate;
        lock (_gate)
        {
            // The rate is of the current phase: the replay's starts when the read-ahead ends.
            if (_readingAhead && !value.ReadingAhead)
            {
                _phaseStart = _clock.Elapsed;
                _lastPlain = TimeSpan.Zero;
            }

            _readingAhead = value.ReadingAhead;
            var elapsed = _clock.Elapsed - _phaseStart;
            rate = elapsed.TotalSeconds > 0 ? value.Records / elapsed.TotalSeconds : 0;
            if (_task is { } task)
            {
                task.Description = string.Create(CultureInfo.InvariantCulture, $"{what}: {value.Records:N0} records, {rate / 1e6:0.0} M/s");
                if (value.TotalRecords is > 0 and var total)
                {
                    task.MaxValue = total;
                    task.Value = value.Records;
                }

                return;
            }

            if (elapsed - _lastPlain < PlainInterval)
            {
                return;
            }

            _lastPlain = elapsed;
        }

        var eta = value.TotalRecords is > 0 and var t && rate > 0
            ? string.Create(CultureInfo.InvariantCulture, $", ETA {TimeSpan.FromSeconds((t - value.Records) / rate):hh\\:mm\\:ss}")
            : string.Empty;
        error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: {value.Records:N0} records, {rate / 1e6:0.0} M records/s{eta}"));
    }
}
