using System.Buffers;
using HmsTrace.Parquet.Buffers;

namespace HmsTrace.Parquet.Tests.Buffers;

public sealed class ByteBufferTests
{
    [Test]
    public void Bytes_of_the_buffer_itself_survive_the_growth_that_copies_them()
    {
        // Found by review (session 12): Write of a span into the buffer's own bytes (a repeated
        // string copied from the writer's arena) returned the old array to the shared pool before
        // copying from it, where another thread of a parallel sweep could rent and overwrite it.
        // This pool spoils every array it gets back, as such a thread would.
        var pool = new SpoilingPool();
        using var buffer = new ByteBuffer(pool, 16);
        var text = "0123456789abcdef"u8;
        buffer.Write(text);

        buffer.Write(buffer.WrittenSpan[2..10]); // grows: 16 bytes are in use

        Assert.That(pool.Returned, Is.EqualTo(1), "the growth returned the old array");
        Assert.That(buffer.WrittenSpan.ToArray(), Is.EqualTo(text.ToArray().Concat(text[2..10].ToArray()).ToArray()));
    }

    private sealed class SpoilingPool : ArrayPool<byte>
    {
        public int Returned { get; private set; }

        public override byte[] Rent(int minimumLength) => new byte[minimumLength];

        public override void Return(byte[] array, bool clearArray = false)
        {
            Returned++;
            array.AsSpan().Fill(0xEE);
        }
    }
}
