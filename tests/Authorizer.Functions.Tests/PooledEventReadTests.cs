using System.Text;
using Authorizer.Functions.Events;

namespace Authorizer.Functions.Tests;

public sealed class PooledEventReadTests
{
    [Fact]
    public async Task A_non_seekable_stream_longer_than_the_first_buffer_is_read_whole()
    {
        var bytes = Encoding.UTF8.GetBytes(new string('x', 40_000));
        using var input = new ForwardOnlyStream(bytes);

        using var payload = await EventReader.ReadPooledPayloadAsync(input, 1024 * 1024);

        Assert.True(payload.Span.SequenceEqual(bytes));
    }

    [Fact]
    public async Task A_non_seekable_stream_over_the_cap_is_refused()
    {
        using var input = new ForwardOnlyStream(new byte[2048]);

        await Assert.ThrowsAsync<InvalidEventException>(async () =>
        {
            using var payload = await EventReader.ReadPooledPayloadAsync(input, 1024);
        });
    }

    [Fact]
    public async Task A_seekable_stream_is_read_from_its_position()
    {
        var bytes = Encoding.UTF8.GetBytes("ab{\"type\":\"TOKEN\"}");
        using var input = new MemoryStream(bytes) { Position = 2 };

        using var payload = await EventReader.ReadPooledPayloadAsync(input, 1024);

        Assert.Equal("{\"type\":\"TOKEN\"}", Encoding.UTF8.GetString(payload.Span));
    }

    private sealed class ForwardOnlyStream(byte[] content) : MemoryStream(content, writable: false)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }
    }
}
