using System.Text.Json;
using Authorizer.Core.Requests;

namespace Authorizer.Functions.Events.Parsing;

/// <summary>
/// The handler's hot path: payload bytes straight to the <see cref="AuthRequest"/> and request id, with the
/// semantics of <see cref="EventReader.Deserialize"/> on the event contracts followed by
/// <see cref="Mapping.AuthRequestMapper"/>, and refusing (with <see cref="InvalidEventException"/>) exactly what
/// that path refuses. Only the strings the request keeps are allocated.
/// </summary>
internal static class AuthorizerEventParser
{
    public static ParsedEvent Parse(ReadOnlySpan<byte> payload)
    {
        var kind = DetectKind(payload);
        JsonStructureValidator.Validate(payload);
        try
        {
            return kind switch
            {
                EventKind.RestToken => RestTokenEventParser.Parse(payload),
                EventKind.HttpApiV2 => HttpApiEventParser.Parse(payload),
                _ => RestRequestEventParser.Parse(payload),
            };
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
    }

    /// <summary>
    /// Which authorizer event this is, from the top-level <c>version</c> and <c>type</c> alone (compared in place,
    /// without reading them as strings): <c>version</c> 2.0 is an HTTP API event, <c>type</c> TOKEN a REST TOKEN
    /// event, <c>type</c> REQUEST a REST (or HTTP API 1.0) REQUEST event.
    /// </summary>
    internal static EventKind DetectKind(ReadOnlySpan<byte> payload)
    {
        var version = Marker.None;
        var type = Marker.None;
        try
        {
            var reader = new Utf8JsonReader(payload, JsonStructureValidator.ReaderOptions);
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
                        version = reader.ValueTextEquals("2.0"u8) ? Marker.Version2 : Marker.Other;
                    }
                    else
                    {
                        type = reader.ValueTextEquals("TOKEN"u8) ? Marker.Token
                            : reader.ValueTextEquals("REQUEST"u8) ? Marker.Request
                            : Marker.Other;
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

        if (version == Marker.Version2)
        {
            return EventKind.HttpApiV2;
        }

        return type switch
        {
            Marker.Token => EventKind.RestToken,
            Marker.Request => EventKind.RestRequest,
            _ => throw new InvalidEventException("The event is not an API Gateway authorizer event (type must be REQUEST or TOKEN)."),
        };
    }

    /// <summary>The request id of a payload parsed into <paramref name="parsed"/>; null when it had none.</summary>
    public static string? ReadRequestId(ReadOnlySpan<byte> payload, ParsedEvent parsed) =>
        JsonChecks.StringAt(payload, parsed.RequestIdOffset);

    internal static string? FirstNonEmpty(string? first, string? second = null) =>
        !string.IsNullOrEmpty(first) ? first : !string.IsNullOrEmpty(second) ? second : null;

    /// <summary>Members are matched by unescaped name, case-sensitively, as the contracts match them.</summary>
    internal static bool Is(ref Utf8JsonReader reader, ReadOnlySpan<byte> name) => reader.ValueTextEquals(name);

    private enum Marker
    {
        None,
        Other,
        Version2,
        Token,
        Request,
    }
}

/// <summary>
/// The request for the engine, and where the payload holds the id API Gateway gave the request (-1: none). The id
/// only goes to the log, so it is read (<see cref="AuthorizerEventParser.ReadRequestId"/>) only when a line is written.
/// </summary>
internal readonly record struct ParsedEvent(AuthRequest Request, int RequestIdOffset);
