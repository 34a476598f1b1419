using System.Diagnostics;

namespace HmsTrace.Cli.Tests;

/// <summary>Runs the built command line (<c>hmstrace.dll</c>, copied next to the tests) as a separate process.</summary>
internal static class ChildProcess
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    public static string Tool => Path.Combine(AppContext.BaseDirectory, "hmstrace.dll");

    public static Process Start(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Tool);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
    }

    /// <summary>Runs to the end and returns the exit code, output and error.</summary>
    public static CliRun Run(string workingDirectory, params string[] args)
    {
        using var process = Start(workingDirectory, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"hmstrace {string.Join(' ', args)} did not finish within {Limit}");
        }

        return new CliRun(process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }
}
