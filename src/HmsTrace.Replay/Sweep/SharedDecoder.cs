using System.Buffers;
using System.Threading.Channels;
using HmsTrace.Replay.Pipeline;
using HmsTrace.Traces;

namespace HmsTrace.Replay.Sweep;

/// <summary>
/// Decodes a trace once for several replays: each pooled batch is published, immutable, to every
/// consumer's own bounded channel with one reference per consumer; the last consumer to release it
/// returns the array to the pool. A consumer that has detached (finished early or failed) is
/// dropped and its reference released at once, so the others go on. A slow consumer holds the
/// decoder back once its channel is full (back-pressure), so memory stays bounded.
/// </summary>
internal static class SharedDecoder
{
    /// <summary>Reads <paramref name="reader"/> to its end into <paramref name="feeds"/>, then completes them (with the error, if decoding failed).</summary>
    public static async Task RunAsync(ITraceReader reader, IReadOnlyList<RecordFeed> feeds, int batchRecords, CancellationToken cancellationToken)
    {
        var live = new List<RecordFeed>(feeds);
        try
        {
            while (live.Count > 0)
            {
                var buffer = ArrayPool<TraceRecord>.Shared.Rent(batchRecords);
                int n;
                try
                {
                    n = reader.Read(buffer.AsSpan(0, batchRecords));
                }
                catch
                {
                    ArrayPool<TraceRecord>.Shared.Return(buffer);
                    throw;
                }

                if (n == 0)
                {
                    ArrayPool<TraceRecord>.Shared.Return(buffer);
                    break;
                }

                var batch = new RecordBatch(buffer, n, live.Count);
                for (var i = 0; i < live.Count; i++)
                {
                    try
                    {
                        await live[i].Writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                    }
                    catch (ChannelClosedException)
                    {
                        // The consumer detached: drop it and its share of this batch.
                        batch.Release();
                        live.RemoveAt(i--);
                    }
                    catch
                    {
                        // Cancelled: the feeds not reached yet will never release their shares.
                        for (var j = i; j < live.Count; j++)
                        {
                            batch.Release();
                        }

                        throw;
                    }
                }
            }

            foreach (var feed in feeds)
            {
                feed.Writer.TryComplete();
            }
        }
        catch (Exception e)
        {
            foreach (var feed in feeds)
            {
                feed.Writer.TryComplete(e);
            }
        }
    }
}
