using System.Text.RegularExpressions;

namespace HmsTrace.Report.Tests.Infrastructure;

/// <summary>
/// Headless Chromium from Debian's <c>chromium</c> package: installed with apt-get when missing (idempotent; the
/// test fails, never skips, when it cannot be installed), then used for screenshots and for the DOM after layout
/// and scripts. Console messages are captured from <c>--enable-logging=stderr</c>.
/// </summary>
internal static partial class Chromium
{
    private static readonly object Gate = new();
    private static string? _path;

    /// <summary>The chromium executable, installing the package first if needed.</summary>
    public static string EnsureInstalled()
    {
        lock (Gate)
        {
            if (_path is not null)
            {
                return _path;
            }

            _path = Find();
            if (_path is not null)
            {
                return _path;
            }

            if (ProcessRunner.Which("apt-get") is null)
            {
                Assert.Fail("Headless Chromium is needed to render the report, and it is not installed; apt-get is not available to install Debian's 'chromium' package. Install chromium (on PATH as 'chromium') and re-run.");
            }

            var env = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
            var update = ProcessRunner.Run("apt-get", ["update"], null, 900, env);
            var install = ProcessRunner.Run("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], null, 1800, env);
            _path = Find();
            if (_path is null)
            {
                Assert.Fail($"Installing Debian's 'chromium' package failed (apt-get update exit {update.ExitCode}, install exit {install.ExitCode}); the report rendering test needs it:\n{Tail(update.Output)}\n{Tail(install.Output)}");
            }

            return _path!;
        }
    }

    /// <summary>A page's rendering: the screenshot file (if asked), the DOM after load, and console messages.</summary>
    public sealed record Rendering(string Dom, IReadOnlyList<string> ConsoleMessages, string Log);

    /// <summary>Loads <paramref name="htmlFile"/> and dumps the DOM after layout and scripts.</summary>
    public static Rendering DumpDom(string htmlFile, int width = 1400, int height = 3000)
    {
        var result = Run(htmlFile, width, height, "--dump-dom");
        if (result.ExitCode != 0 || !result.Stdout.Contains("</html>", StringComparison.Ordinal))
        {
            Assert.Fail($"chromium --dump-dom failed (exit {result.ExitCode}):\n{Tail(result.Stderr)}");
        }

        return new Rendering(result.Stdout, Console(result.Stderr), result.Stderr);
    }

    /// <summary>Loads <paramref name="htmlFile"/> and writes a PNG screenshot of the window to <paramref name="pngFile"/>.</summary>
    public static Rendering Screenshot(string htmlFile, string pngFile, int width = 1400, int height = 3000)
    {
        File.Delete(pngFile);
        var result = Run(htmlFile, width, height, "--screenshot=" + pngFile);
        if (result.ExitCode != 0 || !File.Exists(pngFile))
        {
            Assert.Fail($"chromium --screenshot failed (exit {result.ExitCode}):\n{Tail(result.Stderr)}");
        }

        return new Rendering("", Console(result.Stderr), result.Stderr);
    }

    private static ProcessRunner.Result Run(string htmlFile, int width, int height, string action)
    {
        var chromium = EnsureInstalled();
        using var profile = new TempDirectory("hmstrace-chromium-");
        return ProcessRunner.Run(chromium,
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", "--hide-scrollbars",
            "--user-data-dir=" + profile.Path, "--enable-logging=stderr", "--v=0",
            $"--window-size={width},{height}", action, new Uri(Path.GetFullPath(htmlFile)).AbsoluteUri,
        ], null, 120);
    }

    /// <summary>Messages the page wrote to the console or raised as uncaught errors (Chromium logs both as CONSOLE).</summary>
    private static List<string> Console(string log)
        => log.Split('\n').Where(l => ConsoleLine().IsMatch(l) || l.Contains("Uncaught", StringComparison.Ordinal)).ToList();

    private static string? Find()
    {
        foreach (var name in new[] { "chromium", "chromium-browser" })
        {
            if (ProcessRunner.Which(name) is { } path)
            {
                return path;
            }
        }

        return File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null;
    }

    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;

    [GeneratedRegex(@":(INFO|WARNING|ERROR):CONSOLE[:(]")]
    private static partial Regex ConsoleLine();
}
