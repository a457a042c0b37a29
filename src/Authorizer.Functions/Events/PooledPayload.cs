using System.Buffers;

namespace Authorizer.Functions.Events;

/// <summary>
/// An invocation payload held in a buffer rented from <see cref="ArrayPool{T}.Shared"/>. Disposing clears the
/// used bytes (they can hold credentials) before the buffer goes back to the pool.
/// </summary>
internal struct PooledPayload : IDisposable
{
    private byte[]? _buffer;
    private readonly int _length;

    public PooledPayload(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    public readonly ReadOnlySpan<byte> Span => _buffer is null ? default : _buffer.AsSpan(0, _length);

    public void Dispose()
    {
        var buffer = _buffer;
        if (buffer is null)
        {
            return;
        }

        _buffer = null;
        buffer.AsSpan(0, _length).Clear();
        ArrayPool<byte>.Shared.Return(buffer);
    }
}
