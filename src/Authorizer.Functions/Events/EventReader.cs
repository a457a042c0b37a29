using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Authorizer.Core.Requests;

namespace Authorizer.Functions.Events;

/// <summary>Reads an invocation payload with a size cap and parses it with the source-generated contracts.</summary>
public static class EventReader
{
    /// <summary>Reads at most <paramref name="maxBytes"/>; a longer payload is refused before it is parsed.</summary>
    public static async Task<byte[]> ReadPayloadAsync(Stream input, int maxBytes, CancellationToken cancellationToken = default)
    {
        var payload = await ReadPooledPayloadAsync(input, maxBytes, cancellationToken).ConfigureAwait(false);
        try
        {
            return payload.Span.ToArray();
        }
        finally
        {
            payload.Dispose();
        }
    }

    /// <summary>
    /// Reads at most <paramref name="maxBytes"/> into a pooled buffer (a longer payload is refused before it is
    /// parsed): the per-invocation read allocates nothing once the pool is warm. The caller disposes the result
    /// once the payload is parsed.
    /// </summary>
    internal static async ValueTask<PooledPayload> ReadPooledPayloadAsync(Stream input, int maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var initial = 16 * 1024;
        if (input.CanSeek)
        {
            // One spare byte lets the end of the stream (or an oversized one) be seen without growing the buffer.
            var remaining = input.Length - input.Position;
            initial = (int)Math.Clamp(remaining + 1, 1, maxBytes + 1L);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(initial);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, maxBytes + 1L));
                    buffer.AsSpan(0, length).CopyTo(grown);
                    buffer.AsSpan(0, length).Clear();
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = grown;
                }

                var read = await input.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > maxBytes)
                {
                    // The prefix is kept so the caller can still find the ARN to deny; the rest is never read.
                    throw new InvalidEventException($"The event is larger than {maxBytes} bytes.") { ReadPrefix = buffer.AsSpan(0, maxBytes).ToArray() };
                }
            }
        }
        catch
        {
            buffer.AsSpan(0, length).Clear();
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return new PooledPayload(buffer, length);
    }

    /// <summary>Parses one contract; malformed JSON, duplicate keys, excessive nesting or a JSON null are all refused.</summary>
    public static T Deserialize<T>(ReadOnlySpan<byte> payload, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        T? value;
        try
        {
            value = JsonSerializer.Deserialize(payload, typeInfo);
        }
        catch (JsonException)
        {
            // The parser's message can quote parts of the payload (header values); it is not passed on.
            throw new InvalidEventException("The event is not valid JSON for its kind (syntax error, duplicate property, wrong value type or nesting too deep).");
        }

        return value ?? throw new InvalidEventException("The event is empty.");
    }

    /// <summary>
    /// Which authorizer event this is, from the top-level <c>version</c> and <c>type</c> alone:
    /// <c>version</c> 2.0 is an HTTP API event, <c>type</c> TOKEN a REST TOKEN event, <c>type</c> REQUEST a REST
    /// (or HTTP API 1.0) REQUEST event.
    /// </summary>
    public static EventKind DetectAuthorizerEventKind(ReadOnlySpan<byte> payload) =>
        Parsing.AuthorizerEventParser.DetectKind(payload);
}
