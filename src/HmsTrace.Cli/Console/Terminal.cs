using Spectre.Console;

namespace HmsTrace.Cli.Console;

/// <summary>Spectre.Console over a given writer, plain (no colours, no live widgets) when not a terminal.</summary>
internal static class Terminal
{
    public static bool IsInteractive(TextWriter writer)
        => ReferenceEquals(writer, System.Console.Out) && !System.Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null;

    public static IAnsiConsole For(TextWriter writer)
    {
        var interactive = IsInteractive(writer);
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
    }
}
