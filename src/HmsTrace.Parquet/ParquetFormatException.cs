using System.Globalization;

namespace HmsTrace.Parquet;

/// <summary>
/// A Parquet file (or a part of one) is malformed, truncated or uses a feature this library does not
/// read. The message names the byte offset in the file and what is wrong there.
/// </summary>
public sealed class ParquetFormatException : Exception
{
    /// <summary>Creates the exception for a problem at <paramref name="byteOffset"/>.</summary>
    /// <param name="byteOffset">0-based byte offset in the file where the problem was found, or -1 when unknown.</param>
    /// <param name="problem">What is wrong, as a sentence fragment without final period.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public ParquetFormatException(long byteOffset, string problem, Exception? innerException = null)
        : base(Format(byteOffset, problem), innerException)
    {
        ByteOffset = byteOffset;
        Problem = problem;
    }

    /// <summary>0-based byte offset in the file where the problem was found, or -1 when unknown.</summary>
    public long ByteOffset { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }

    private static string Format(long byteOffset, string problem)
        => byteOffset >= 0
            ? string.Create(CultureInfo.InvariantCulture, $"Parquet file: byte offset {byteOffset}: {problem}.")
            : string.Create(CultureInfo.InvariantCulture, $"Parquet file: {problem}.");
}
