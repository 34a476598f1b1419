namespace HmsTrace.Cli;

/// <summary>A command line that parses but makes no sense (exit code 2).</summary>
public sealed class UsageException(string message) : Exception(message);
