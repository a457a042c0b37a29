using System.Text.Json;
using Authorizer.Core.Requests;

namespace Authorizer.Functions.Events.Parsing;

/// <summary>
/// <see cref="RestRequestAuthorizerEvent"/> + <see cref="Mapping.AuthRequestMapper.FromRestRequest"/>. The four
/// header and query maps are located first and read afterwards, in the order the merge needs them.
/// </summary>
internal static class RestRequestEventParser
{
    public static ParsedEvent Parse(ReadOnlySpan<byte> payload)
    {
        string? methodArn = null;
        ApiTarget? cachedTarget = null;
        var topPath = -1;
        string? topMethod = null;
        var headers = -1;
        var multiHeaders = -1;
        var query = -1;
        var multiQuery = -1;
        var context = new RestContext { RequestId = -1 };

        var reader = new Utf8JsonReader(payload, JsonStructureValidator.ReaderOptions);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (AuthorizerEventParser.Is(ref reader, "methodArn"u8))
            {
                methodArn = TargetCache.ReadArn(ref reader, out cachedTarget);
            }
            else if (AuthorizerEventParser.Is(ref reader, "path"u8))
            {
                // Read only when requestContext.path is empty: on API Gateway events it never is.
                topPath = JsonChecks.MarkString(ref reader, 0);
            }
            else if (AuthorizerEventParser.Is(ref reader, "httpMethod"u8))
            {
                topMethod = KnownStrings.ReadMethod(ref reader);
            }
            else if (AuthorizerEventParser.Is(ref reader, "headers"u8))
            {
                headers = JsonChecks.MarkObject(ref reader, 0);
            }
            else if (AuthorizerEventParser.Is(ref reader, "multiValueHeaders"u8))
            {
                multiHeaders = JsonChecks.MarkObject(ref reader, 0);
            }
            else if (AuthorizerEventParser.Is(ref reader, "queryStringParameters"u8))
            {
                query = JsonChecks.MarkObject(ref reader, 0);
            }
            else if (AuthorizerEventParser.Is(ref reader, "multiValueQueryStringParameters"u8))
            {
                multiQuery = JsonChecks.MarkObject(ref reader, 0);
            }
            else if (AuthorizerEventParser.Is(ref reader, "version"u8)
                || AuthorizerEventParser.Is(ref reader, "type"u8)
                || AuthorizerEventParser.Is(ref reader, "resource"u8))
            {
                JsonChecks.SkipString(ref reader);
            }
            else if (AuthorizerEventParser.Is(ref reader, "pathParameters"u8)
                || AuthorizerEventParser.Is(ref reader, "stageVariables"u8))
            {
                JsonChecks.SkipStringMap(ref reader);
            }
            else if (AuthorizerEventParser.Is(ref reader, "requestContext"u8))
            {
                context = ReadContext(ref reader);
            }
            else
            {
                JsonChecks.SkipUnknownMember(ref reader);
            }
        }

        var headerMap = ReadHeaders(payload, headers, multiHeaders);
        var queryMap = ReadQuery(payload, query, multiQuery);
        var target = TargetCache.Resolve(methodArn, cachedTarget, "methodArn");
        var path = AuthorizerEventParser.FirstNonEmpty(context.Path)
            ?? AuthorizerEventParser.FirstNonEmpty(JsonChecks.StringAt(payload, topPath))
            ?? target.ResourcePath;
        var method = AuthorizerEventParser.FirstNonEmpty(topMethod, context.Method) ?? target.Method;
        var request = new AuthRequest
        {
            Kind = EventKind.RestRequest,
            Method = method.ToUpperInvariant(),
            Path = path,
            Headers = headerMap,
            Query = queryMap,
            Target = target,
            SourceIp = context.SourceIp,
        };
        return new ParsedEvent(request, context.RequestId);
    }

    /// <summary>
    /// Every value of <c>multiValueHeaders</c>, then each <c>headers</c> entry whose name (case-insensitively) is
    /// not there yet; a name both maps carry is never turned into a string a second time.
    /// </summary>
    private static HeaderMap ReadHeaders(ReadOnlySpan<byte> payload, int single, int multi)
    {
        var capacity = Math.Max(MemberCount(payload, single), MemberCount(payload, multi));
        var headers = new HeaderMap(capacity);
        if (multi >= 0)
        {
            var reader = JsonChecks.At(payload, multi);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = KnownStrings.CurrentHeaderName(ref reader);
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    continue;
                }

                JsonChecks.RequireStartArray(ref reader);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var value = JsonChecks.CurrentString(ref reader);
                    if (value is not null)
                    {
                        headers.Add(name, value);
                    }
                }
            }
        }

        if (single >= 0)
        {
            var reader = JsonChecks.At(payload, single);
            Span<char> buffer = stackalloc char[128];
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueSpan.Length > buffer.Length)
                {
                    var longName = reader.GetString()!;
                    var longValue = JsonChecks.ReadString(ref reader);
                    if (longValue is not null && !headers.Contains(longName))
                    {
                        headers.Add(longName, longValue);
                    }

                    continue;
                }

                var name = buffer[..reader.CopyString(buffer)];
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && !headers.Contains(name))
                {
                    headers.Add(KnownHeaderNames.AsSent(name), reader.GetString()!);
                }
                else
                {
                    JsonChecks.CheckCurrentString(ref reader);
                }
            }
        }

        return headers;
    }

    /// <summary>The multi-value map when present (a null list skipped, a null value empty), else the single map.</summary>
    private static QueryMap ReadQuery(ReadOnlySpan<byte> payload, int single, int multi)
    {
        var query = new QueryMap(MemberCount(payload, multi >= 0 ? multi : single));
        if (multi >= 0)
        {
            if (single >= 0)
            {
                var ignored = JsonChecks.At(payload, single);
                JsonChecks.CheckCurrentStringMap(ref ignored);
            }

            var reader = JsonChecks.At(payload, multi);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    continue;
                }

                JsonChecks.RequireStartArray(ref reader);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    query.Add(name, JsonChecks.CurrentString(ref reader) ?? string.Empty);
                }
            }

            return query;
        }

        if (single >= 0)
        {
            var reader = JsonChecks.At(payload, single);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                query.Add(name, JsonChecks.ReadString(ref reader) ?? string.Empty);
            }
        }

        return query;
    }

    private static int MemberCount(ReadOnlySpan<byte> payload, int offset)
    {
        if (offset < 0)
        {
            return 0;
        }

        var count = 0;
        var reader = JsonChecks.At(payload, offset);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            count++;
            reader.Read();
            reader.Skip();
        }

        return count;
    }

    private static RestContext ReadContext(ref Utf8JsonReader reader)
    {
        var context = new RestContext { RequestId = -1 };
        if (!JsonChecks.EnterObject(ref reader))
        {
            return context;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (AuthorizerEventParser.Is(ref reader, "path"u8))
            {
                context.Path = JsonChecks.ReadString(ref reader);
            }
            else if (AuthorizerEventParser.Is(ref reader, "httpMethod"u8))
            {
                context.Method = KnownStrings.ReadMethod(ref reader);
            }
            else if (AuthorizerEventParser.Is(ref reader, "requestId"u8))
            {
                context.RequestId = JsonChecks.MarkString(ref reader, 0);
            }
            else if (AuthorizerEventParser.Is(ref reader, "identity"u8))
            {
                context.SourceIp = ReadIdentity(ref reader);
            }
            else if (AuthorizerEventParser.Is(ref reader, "authorizer"u8))
            {
                JsonChecks.SkipElementMap(ref reader);
            }
            else if (AuthorizerEventParser.Is(ref reader, "accountId"u8)
                || AuthorizerEventParser.Is(ref reader, "resourceId"u8)
                || AuthorizerEventParser.Is(ref reader, "stage"u8)
                || AuthorizerEventParser.Is(ref reader, "resourcePath"u8)
                || AuthorizerEventParser.Is(ref reader, "apiId"u8)
                || AuthorizerEventParser.Is(ref reader, "domainName"u8))
            {
                JsonChecks.SkipString(ref reader);
            }
            else
            {
                JsonChecks.SkipUnknownMember(ref reader);
            }
        }

        return context;
    }

    private static string? ReadIdentity(ref Utf8JsonReader reader)
    {
        string? sourceIp = null;
        if (!JsonChecks.EnterObject(ref reader))
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (AuthorizerEventParser.Is(ref reader, "sourceIp"u8))
            {
                sourceIp = JsonChecks.ReadString(ref reader);
            }
            else if (AuthorizerEventParser.Is(ref reader, "userAgent"u8))
            {
                JsonChecks.SkipString(ref reader);
            }
            else
            {
                JsonChecks.SkipUnknownMember(ref reader);
            }
        }

        return sourceIp;
    }

    private struct RestContext
    {
        public string? Path;
        public string? Method;
        public int RequestId;
        public string? SourceIp;
    }
}
