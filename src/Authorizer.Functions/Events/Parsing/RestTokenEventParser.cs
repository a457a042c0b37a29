using System.Text.Json;
using Authorizer.Core.Requests;

namespace Authorizer.Functions.Events.Parsing;

/// <summary><see cref="RestTokenAuthorizerEvent"/> + <see cref="Mapping.AuthRequestMapper.FromRestToken"/>.</summary>
internal static class RestTokenEventParser
{
    public static ParsedEvent Parse(ReadOnlySpan<byte> payload)
    {
        string? token = null;
        string? methodArn = null;
        ApiTarget? cachedTarget = null;
        var reader = new Utf8JsonReader(payload, JsonStructureValidator.ReaderOptions);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (AuthorizerEventParser.Is(ref reader, "type"u8))
            {
                JsonChecks.SkipString(ref reader);
            }
            else if (AuthorizerEventParser.Is(ref reader, "authorizationToken"u8))
            {
                token = JsonChecks.ReadString(ref reader);
            }
            else if (AuthorizerEventParser.Is(ref reader, "methodArn"u8))
            {
                methodArn = TargetCache.ReadArn(ref reader, out cachedTarget);
            }
            else
            {
                JsonChecks.SkipUnknownMember(ref reader);
            }
        }

        var target = TargetCache.Resolve(methodArn, cachedTarget, "methodArn");
        var request = new AuthRequest
        {
            Kind = EventKind.RestToken,
            Method = target.Method.ToUpperInvariant(),
            Path = target.ResourcePath,
            Headers = new HeaderMap(0),
            Query = new QueryMap(),
            Target = target,
            AuthorizationToken = token,
        };
        return new ParsedEvent(request, -1);
    }
}
