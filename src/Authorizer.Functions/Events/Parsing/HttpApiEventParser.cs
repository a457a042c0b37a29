using System.Text.Json;
using Authorizer.Core.Requests;
using Authorizer.Core.Signing;
using Authorizer.Functions.Mapping;

namespace Authorizer.Functions.Events.Parsing;

/// <summary><see cref="HttpApiAuthorizerEvent"/> + <see cref="AuthRequestMapper.FromHttpApi"/>.</summary>
internal static class HttpApiEventParser
{
    public static ParsedEvent Parse(ReadOnlySpan<byte> payload)
    {
        string? routeArn = null;
        ApiTarget? cachedTarget = null;
        string? rawPath = null;
        string? rawQuery = null;
        var headers = -1;
        var cookies = -1;
        var context = new HttpContext { RequestId = -1 };

        var reader = new Utf8JsonReader(payload, JsonStructureValidator.ReaderOptions);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (AuthorizerEventParser.Is(ref reader, "routeArn"u8))
            {
                routeArn = TargetCache.ReadArn(ref reader, out cachedTarget);
            }
            else if (AuthorizerEventParser.Is(ref reader, "rawPath"u8))
            {
                rawPath = JsonChecks.ReadString(ref reader);
            }
            else if (AuthorizerEventParser.Is(ref reader, "rawQueryString"u8))
            {
                rawQuery = JsonChecks.ReadString(ref reader);
            }
            else if (AuthorizerEventParser.Is(ref reader, "headers"u8))
            {
                headers = JsonChecks.MarkObject(ref reader, 0);
            }
            else if (AuthorizerEventParser.Is(ref reader, "cookies"u8))
            {
                cookies = JsonChecks.MarkArray(ref reader, 0);
            }
            else if (AuthorizerEventParser.Is(ref reader, "version"u8)
                || AuthorizerEventParser.Is(ref reader, "type"u8)
                || AuthorizerEventParser.Is(ref reader, "routeKey"u8))
            {
                JsonChecks.SkipString(ref reader);
            }
            else if (AuthorizerEventParser.Is(ref reader, "identitySource"u8))
            {
                JsonChecks.SkipStringList(ref reader);
            }
            else if (AuthorizerEventParser.Is(ref reader, "queryStringParameters"u8)
                || AuthorizerEventParser.Is(ref reader, "pathParameters"u8)
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

        var headerMap = ReadHeaders(payload, headers);
        AddCookies(payload, cookies, headerMap);
        var target = TargetCache.Resolve(routeArn, cachedTarget, "routeArn");
        var decodedPath = AuthorizerEventParser.FirstNonEmpty(rawPath, context.Path) ?? target.ResourcePath;
        var method = AuthorizerEventParser.FirstNonEmpty(context.Method) ?? target.Method;
        var request = new AuthRequest
        {
            Kind = EventKind.HttpApiV2,
            Method = method.ToUpperInvariant(),
            Path = PercentEncoding.EncodeDecodedPath(decodedPath),
            Headers = headerMap,
            Query = RawQueryParser.Parse(rawQuery),
            Target = target,
            SourceIp = context.SourceIp,
        };
        return new ParsedEvent(request, context.RequestId);
    }

    private static HeaderMap ReadHeaders(ReadOnlySpan<byte> payload, int offset)
    {
        if (offset < 0)
        {
            return new HeaderMap();
        }

        var count = 0;
        var counter = JsonChecks.At(payload, offset);
        while (counter.Read() && counter.TokenType == JsonTokenType.PropertyName)
        {
            count++;
            counter.Read();
            counter.Skip();
        }

        var headers = new HeaderMap(count + 1);
        var reader = JsonChecks.At(payload, offset);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = KnownStrings.CurrentHeaderName(ref reader);
            var value = JsonChecks.ReadString(ref reader);
            if (value is not null)
            {
                headers.Add(name, value);
            }
        }

        return headers;
    }

    /// <summary><c>cookies</c> (when it has any entry) become the <c>cookie</c> header unless one was sent.</summary>
    private static void AddCookies(ReadOnlySpan<byte> payload, int offset, HeaderMap headers)
    {
        if (offset < 0)
        {
            return;
        }

        var entries = 0;
        List<string>? values = null;
        var reader = JsonChecks.At(payload, offset);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            entries++;
            var value = JsonChecks.CurrentString(ref reader);
            if (value is not null)
            {
                (values ??= []).Add(value);
            }
        }

        if (entries > 0 && !headers.Contains("cookie"))
        {
            headers.Add("cookie", values is null ? string.Empty : string.Join("; ", values));
        }
    }

    private static HttpContext ReadContext(ref Utf8JsonReader reader)
    {
        var context = new HttpContext { RequestId = -1 };
        if (!JsonChecks.EnterObject(ref reader))
        {
            return context;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (AuthorizerEventParser.Is(ref reader, "requestId"u8))
            {
                context.RequestId = JsonChecks.MarkString(ref reader, 0);
            }
            else if (AuthorizerEventParser.Is(ref reader, "http"u8))
            {
                ReadHttp(ref reader, ref context);
            }
            else if (AuthorizerEventParser.Is(ref reader, "accountId"u8)
                || AuthorizerEventParser.Is(ref reader, "apiId"u8)
                || AuthorizerEventParser.Is(ref reader, "domainName"u8)
                || AuthorizerEventParser.Is(ref reader, "routeKey"u8)
                || AuthorizerEventParser.Is(ref reader, "stage"u8))
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

    private static void ReadHttp(ref Utf8JsonReader reader, ref HttpContext context)
    {
        // A later "http" member would have been refused as a duplicate; a null one leaves nothing set.
        context.Method = null;
        context.Path = null;
        context.SourceIp = null;
        if (!JsonChecks.EnterObject(ref reader))
        {
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (AuthorizerEventParser.Is(ref reader, "method"u8))
            {
                context.Method = KnownStrings.ReadMethod(ref reader);
            }
            else if (AuthorizerEventParser.Is(ref reader, "path"u8))
            {
                context.Path = JsonChecks.ReadString(ref reader);
            }
            else if (AuthorizerEventParser.Is(ref reader, "sourceIp"u8))
            {
                context.SourceIp = JsonChecks.ReadString(ref reader);
            }
            else if (AuthorizerEventParser.Is(ref reader, "protocol"u8)
                || AuthorizerEventParser.Is(ref reader, "userAgent"u8))
            {
                JsonChecks.SkipString(ref reader);
            }
            else
            {
                JsonChecks.SkipUnknownMember(ref reader);
            }
        }
    }

    private struct HttpContext
    {
        public int RequestId;
        public string? Method;
        public string? Path;
        public string? SourceIp;
    }
}
