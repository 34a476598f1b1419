using System.Runtime.CompilerServices;
using System.Threading.Channels;
using HmsTrace.Traces;

namespace HmsTrace.Replay.Pipeline;

/// <summary>
/// One consumer's view of a trace decoded elsewhere (the sweep's shared decoder): a bounded channel
/// of shared <see cref="RecordBatch"/>es and the trace's header. When an <c>engineSlots</c>
/// semaphore is given, the consumer holds one slot while it replays each batch, so at most as many
/// engines run at once as the semaphore has slots, however many are fed.
/// </summary>
internal sealed class RecordFeed
{
    private readonly Channel<RecordBatch> _channel;
    private readonly SemaphoreSlim? _engineSlots;

    public RecordFeed(TraceHeader header, int capacity, SemaphoreSlim? engineSlots)
    {
        Header = header;
        _engineSlots = engineSlots;
        _channel = Channel.CreateBounded<RecordBatch>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
    }

    /// <summary>The trace's header.</summary>
    public TraceHeader Header { get; }

    /// <summary>Where the decoder publishes batches; writes fail once the consumer has detached.</summary>
    public ChannelWriter<RecordBatch> Writer => _channel.Writer;

    /// <summary>The batches in order, each held under an engine slot until the consumer asks for the next.</summary>
    public async IAsyncEnumerable<RecordBatch> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = _channel.Reader;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (reader.TryRead(out var batch))
            {
                if (_engineSlots is not null)
                {
                    try
                    {
                        await _engineSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch
                    {
                        batch.Release();
                        throw;
                    }
                }

                try
                {
                    yield return batch;
                }
                finally
                {
                    _engineSlots?.Release();
                }
            }
        }
    }

    /// <summary>
    /// The consumer is done (finished or failed): refuse further batches and release the ones still
    /// queued, so the decoder never waits for a consumer that has gone.
    /// </summary>
    public void Detach()
    {
        _channel.Writer.TryComplete();
        while (_channel.Reader.TryRead(out var batch))
        {
            batch.Release();
        }
    }
}
