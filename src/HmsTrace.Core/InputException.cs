using System.Globalization;
using System.Text;

namespace HmsTrace;

/// <summary>
/// A mistake in something the user gave HmsTrace: a trace, a topology, a policy, an option.
/// The message names the file and the line or byte offset, says what is wrong and what to do.
/// Commands print it (without a stack trace) and exit with code 1.
/// </summary>
public sealed class InputException : Exception
{
    /// <summary>Creates the exception; <paramref name="remedy"/> says what the user should do.</summary>
    /// <param name="source">The file (or option name) the problem is in.</param>
    /// <param name="line">1-based line number for text input, or null.</param>
    /// <param name="byteOffset">0-based byte offset for binary input, or null.</param>
    /// <param name="problem">What is wrong, as a sentence fragment without final period.</param>
    /// <param name="remedy">What to do about it, or null when obvious.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public InputException(string source, long? line, long? byteOffset, string problem, string? remedy = null, Exception? innerException = null)
        : base(Format(source, line, byteOffset, problem, remedy), innerException)
    {
        Source = source;
        Line = line;
        ByteOffset = byteOffset;
        Problem = problem;
        Remedy = remedy;
    }

    /// <summary>The file (or option) the problem is in.</summary>
    public new string Source { get; }

    /// <summary>1-based line number in a text input, if known.</summary>
    public long? Line { get; }

    /// <summary>0-based byte offset in a binary input, if known.</summary>
    public long? ByteOffset { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }

    /// <summary>What the user should do, if anything specific.</summary>
    public string? Remedy { get; }

    /// <summary>Creates an error that points at a line of a text file.</summary>
    public static InputException AtLine(string source, long line, string problem, string? remedy = null, Exception? inner = null)
        => new(source, line, null, problem, remedy, inner);

    /// <summary>Creates an error that points at a byte offset of a binary file.</summary>
    public static InputException AtOffset(string source, long byteOffset, string problem, string? remedy = null, Exception? inner = null)
        => new(source, null, byteOffset, problem, remedy, inner);

    /// <summary>Creates an error about a whole file or option.</summary>
    public static InputException In(string source, string problem, string? remedy = null, Exception? inner = null)
        => new(source, null, null, problem, remedy, inner);

    private static string Format(string source, long? line, long? byteOffset, string problem, string? remedy)
    {
        var sb = new StringBuilder(source);
        if (line is { } l)
        {
            sb.Append(CultureInfo.InvariantCulture, $":{l}");
        }
        else if (byteOffset is { } o)
        {
            sb.Append(CultureInfo.InvariantCulture, $": byte offset {o}");
        }

        sb.Append(": ").Append(problem);
        if (!problem.EndsWith('.'))
        {
            sb.Append('.');
        }

        if (!string.IsNullOrEmpty(remedy))
        {
            sb.Append(' ').Append(remedy);
            if (!remedy.EndsWith('.'))
            {
                sb.Append('.');
            }
        }

        return sb.ToString();
    }
}
