using System.Buffers;
using HmsTrace.Traces;

namespace HmsTrace.Replay.Pipeline;

/// <summary>
/// A batch of decoded records in a pooled array, shared by the consumers it was published to.
/// Immutable once published: consumers only read <see cref="Records"/>. Each consumer calls
/// <see cref="Release"/> exactly once when done; the last release returns the array to the pool.
/// Thread-safe.
/// </summary>
internal sealed class RecordBatch
{
    private readonly TraceRecord[] _buffer;
    private int _references;

    /// <summary>Wraps <paramref name="count"/> records of a pooled <paramref name="buffer"/>, held by <paramref name="references"/> consumers.</summary>
    public RecordBatch(TraceRecord[] buffer, int count, int references)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(references, 1);
        _buffer = buffer;
        Count = count;
        _references = references;
    }

    /// <summary>Number of records.</summary>
    public int Count { get; }

    /// <summary>The records.</summary>
    public ReadOnlySpan<TraceRecord> Records => _buffer.AsSpan(0, Count);

    /// <summary>Drops one consumer's reference; the last one returns the array to <see cref="ArrayPool{T}.Shared"/>.</summary>
    public void Release()
    {
        var left = Interlocked.Decrement(ref _references);
        if (left == 0)
        {
            ArrayPool<TraceRecord>.Shared.Return(_buffer);
        }
        else if (left < 0)
        {
            throw new InvalidOperationException("a record batch was released more often than it was shared");
        }
    }
}
