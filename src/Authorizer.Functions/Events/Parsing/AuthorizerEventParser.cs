using System.Runtime.CompilerServices;
using System.Text.Json;
using Authorizer.Core.Requests;

namespace Authorizer.Functions.Events.Parsing;

/// <summary>
/// The handler's hot path: payload bytes straight to the <see cref="AuthRequest"/> and request id in one
/// <see cref="Utf8JsonReader"/> pass (<see cref="EventCursor"/>), with the semantics of
/// <see cref="EventReader.Deserialize"/> on the event contracts followed by <see cref="Mapping.AuthRequestMapper"/>,
/// and refusing (with <see cref="InvalidEventException"/>) exactly what that path refuses. Only the strings the
/// request keeps are allocated.
/// </summary>
internal static class AuthorizerEventParser
{
    // Entries kept on the stack before the pass spills to pooled arrays: enough for real API Gateway events.
    private const int StackNames = 64;
    private const int StackPairs = 64;

    /// <summary>
    /// The kind is guessed from the first member (API Gateway writes <c>version</c> or <c>type</c> first) and the
    /// event parsed as that kind; the pass reads <c>version</c> and <c>type</c> wherever they are, and only when
    /// they name another kind (or the guess refused the event, which may hang on its kind's member types) is the
    /// event read again, as the kind it is.
    /// </summary>
    public static ParsedEvent Parse(ReadOnlySpan<byte> payload)
    {
        var guess = GuessKind(payload);
        ParsedEvent parsed;
        EventKind actual;
        try
        {
            parsed = ParseAs(guess, payload, out actual);
        }
        catch (InvalidEventException)
        {
            var kind = DetectKind(payload);
            if (kind == guess)
            {
                throw;
            }

            return ParseAs(kind, payload, out _);
        }

        return actual == guess ? parsed : ParseAs(actual, payload, out _);
    }

    // The entry buffers are written before they are read, so they need no zeroing (2 KB per event otherwise).
    [SkipLocalsInit]
    private static ParsedEvent ParseAs(EventKind kind, ReadOnlySpan<byte> payload, out EventKind actual)
    {
        Span<NameEntry> names = stackalloc NameEntry[StackNames];
        Span<TextPair> pairs = stackalloc TextPair[StackPairs];
        var cursor = new EventCursor(payload, names, pairs);
        try
        {
            KindMarker version, type;
            var parsed = kind switch
            {
                EventKind.RestToken => RestTokenEventParser.Parse(ref cursor, out version, out type),
                EventKind.HttpApiV2 => HttpApiEventParser.Parse(ref cursor, out version, out type),
                _ => RestRequestEventParser.Parse(ref cursor, out version, out type),
            };
            actual = KindOf(version, type);
            return parsed;
        }
        catch (JsonException)
        {
            throw JsonChecks.WrongType();
        }
        catch (InvalidOperationException)
        {
            // A string that does not decode to text, as GetString reports it.
            throw JsonChecks.WrongType();
        }
        finally
        {
            cursor.Dispose();
        }
    }

    /// <summary>
    /// The kind the first member names, read from the bytes as API Gateway writes them (<c>{"version":"2.0"</c>,
    /// <c>{"type":"TOKEN"</c>, whitespace allowed between the tokens) without a reader of its own; REST REQUEST
    /// otherwise. Only a guess: the pass judges the event and reads it again as its real kind when the guess was
    /// wrong, so an escaped or unusual spelling costs a second pass, never another outcome.
    /// </summary>
    private static EventKind GuessKind(ReadOnlySpan<byte> payload)
    {
        var rest = payload;
        if (!Take(ref rest, "{"u8))
        {
            return EventKind.RestRequest;
        }

        if (Take(ref rest, "\"version\""u8) && Take(ref rest, ":"u8) && Take(ref rest, "\"2.0\""u8))
        {
            return EventKind.HttpApiV2;
        }

        if (Take(ref rest, "\"type\""u8) && Take(ref rest, ":"u8) && Take(ref rest, "\"TOKEN\""u8))
        {
            return EventKind.RestToken;
        }

        return EventKind.RestRequest;
    }

    /// <summary>Consumes JSON whitespace then <paramref name="token"/>; false (nothing consumed past the space) when it is not next.</summary>
    private static bool Take(ref ReadOnlySpan<byte> rest, ReadOnlySpan<byte> token)
    {
        var at = 0;
        while (at < rest.Length && rest[at] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            at++;
        }

        rest = rest[at..];
        if (!rest.StartsWith(token))
        {
            return false;
        }

        rest = rest[token.Length..];
        return true;
    }

    private static EventKind KindOf(KindMarker version, KindMarker type)
    {
        if (version == KindMarker.Version2)
        {
            return EventKind.HttpApiV2;
        }

        return type switch
        {
            KindMarker.Token => EventKind.RestToken,
            KindMarker.Request => EventKind.RestRequest,
            _ => throw new InvalidEventException("The event is not an API Gateway authorizer event (type must be REQUEST or TOKEN)."),
        };
    }

    /// <summary>
    /// Which authorizer event this is, from the top-level <c>version</c> and <c>type</c> alone (compared in place,
    /// without reading them as strings): <c>version</c> 2.0 is an HTTP API event, <c>type</c> TOKEN a REST TOKEN
    /// event, <c>type</c> REQUEST a REST (or HTTP API 1.0) REQUEST event.
    /// </summary>
    internal static EventKind DetectKind(ReadOnlySpan<byte> payload)
    {
        var version = KindMarker.None;
        var type = KindMarker.None;
        try
        {
            var reader = new Utf8JsonReader(payload, EventCursor.ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new InvalidEventException("The event is not a JSON object.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isVersion = reader.ValueTextEquals("version"u8);
                var isType = reader.ValueTextEquals("type"u8);
                reader.Read();
                if ((isVersion || isType) && reader.TokenType == JsonTokenType.String)
                {
                    // The contract path reads these with GetString, which refuses text that is not UTF-8.
                    JsonChecks.CheckText(ref reader);
                    if (isVersion)
                    {
                        version = reader.ValueTextEquals("2.0"u8) ? KindMarker.Version2 : KindMarker.Other;
                    }
                    else
                    {
                        type = reader.ValueTextEquals("TOKEN"u8) ? KindMarker.Token
                            : reader.ValueTextEquals("REQUEST"u8) ? KindMarker.Request
                            : KindMarker.Other;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            throw new InvalidEventException("The event is not valid JSON.");
        }
        catch (InvalidOperationException)
        {
            throw new InvalidEventException("The event is not valid UTF-8 JSON.");
        }

        return KindOf(version, type);
    }

    /// <summary>The request id of a payload parsed into <paramref name="parsed"/>; null when it had none.</summary>
    public static string? ReadRequestId(ReadOnlySpan<byte> payload, ParsedEvent parsed) =>
        JsonChecks.StringAt(payload, parsed.RequestIdOffset);

    internal static string? FirstNonEmpty(string? first, string? second = null) =>
        !string.IsNullOrEmpty(first) ? first : !string.IsNullOrEmpty(second) ? second : null;
}

/// <summary>
/// The request for the engine, and where the payload holds the id API Gateway gave the request (-1: none). The id
/// only goes to the log, so it is read (<see cref="AuthorizerEventParser.ReadRequestId"/>) only when a line is written.
/// </summary>
internal readonly record struct ParsedEvent(AuthRequest Request, int RequestIdOffset);
