using System.CommandLine;
using System.Runtime.InteropServices;
using HmsTrace.Cli.Commands;
using HmsTrace.Engine;
using HmsTrace.Topology;

namespace HmsTrace.Cli;

/// <summary>
/// The <c>hmstrace</c> command line. Exit codes: 0 success, 1 a user error (a message naming the
/// file and line or offset on stderr, no stack trace), 2 a usage error, 130 or 143 cancelled by
/// Ctrl-C or SIGTERM.
/// </summary>
public static class HmsTraceCli
{
    /// <summary>Exit code for success.</summary>
    public const int Success = 0;

    /// <summary>Exit code for a mistake in the user's input.</summary>
    public const int UserError = 1;

    /// <summary>Exit code for a malformed command line.</summary>
    public const int UsageError = 2;

    /// <summary>Exit code after Ctrl-C (SIGINT) cancelled the command: 128 + the signal's number, as shells report it.</summary>
    public const int Interrupted = 130;

    /// <summary>Exit code after SIGTERM cancelled the command.</summary>
    public const int Terminated = 143;

    /// <summary>Parses <paramref name="args"/> and runs the command.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var root = new RootCommand("HmsTrace: replay memory-access traces through a simulated heterogeneous-memory machine under a placement policy, and write the outcome as Parquet.");
        root.Subcommands.Add(ReplayCommand.Create(output, error));
        root.Subcommands.Add(TraceCommands.Create(output, error));
        root.Subcommands.Add(TopologyCommands.Create(output, error));
        root.Subcommands.Add(ReportCommand.Create(output, error));
        root.Subcommands.Add(CheckCommand.Create(output, error));
        root.Subcommands.Add(SweepCommand.Create(output, error));
        root.Subcommands.Add(CompareCommand.Create(output, error));
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
            {
                await error.WriteLineAsync($"hmstrace: {e.Message}").ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run with --help for usage.").ConfigureAwait(false);
            return UsageError;
        }

        // Ctrl-C (SIGINT) or SIGTERM cancels the command: its stages stop, files being written are
        // deleted, and nothing half-written is left. A second signal ends the process at once.
        using var interrupt = new CancellationTokenSource();
        var signalled = 0;
        void OnSignal(PosixSignalContext context)
        {
            if (Interlocked.CompareExchange(ref signalled, (int)context.Signal, 0) == 0)
            {
                context.Cancel = true;
                interrupt.Cancel();
            }
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        int code;
        try
        {
            var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            code = await parse.InvokeAsync(configuration, interrupt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            await error.WriteLineAsync("hmstrace: interrupted; the files being written were removed, and finished result files are complete").ConfigureAwait(false);
            code = Interrupted;
        }
        catch (InputException e)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return UserError;
        }
        catch (PolicyFaultException e)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return UserError;
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"hmstrace: {e.Message}").ConfigureAwait(false);
            return UsageError;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("cancelled; no result files were written").ConfigureAwait(false);
            return UserError;
        }

        // A command that stopped for the signal reports it the way a shell does: 130 for Ctrl-C, 143 for SIGTERM.
        return code == Interrupted && signalled == (int)PosixSignal.SIGTERM ? Terminated : code;
    }
}
