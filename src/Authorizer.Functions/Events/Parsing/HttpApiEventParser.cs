using Authorizer.Core.Requests;
using Authorizer.Core.Signing;
using Authorizer.Functions.Mapping;

namespace Authorizer.Functions.Events.Parsing;

/// <summary><see cref="HttpApiAuthorizerEvent"/> + <see cref="AuthRequestMapper.FromHttpApi"/> in one pass.</summary>
internal static class HttpApiEventParser
{
    /// <summary>Raw queries up to this many UTF-8 bytes are decoded on the stack (a char per byte at most).</summary>
    private const int StackQueryChars = 512;

    public static ParsedEvent Parse(ref EventCursor cursor, out KindMarker version, out KindMarker type)
    {
        var root = new HttpEvent { RawQuery = TextRef.Null, Context = new HttpContext { RequestId = -1 } };
        cursor.ReadRoot<RootMembers, HttpEvent>(ref root);
        version = root.Version;
        type = root.Type;
        var context = root.Context;

        var headers = BuildHeaders(ref cursor);
        AddCookies(ref cursor, headers);

        var target = TargetParser.Require(root.RouteArn, "routeArn");
        var decodedPath = AuthorizerEventParser.FirstNonEmpty(root.RawPath, context.Path) ?? target.ResourcePath;
        var method = AuthorizerEventParser.FirstNonEmpty(context.Method) ?? target.Method;
        var request = new AuthRequest
        {
            Kind = EventKind.HttpApiV2,
            Method = method.ToUpperInvariant(),
            Path = PercentEncoding.EncodeDecodedPath(decodedPath),
            Headers = headers,
            Query = BuildQuery(ref cursor, root.RawQuery),
            Target = target,
            SourceIp = context.SourceIp,
        };
        return new ParsedEvent(request, context.RequestId);
    }

    /// <summary>
    /// <c>rawQueryString</c> parsed from its characters decoded on the stack: only the names and values become
    /// strings, not the whole query first.
    /// </summary>
    private static QueryMap BuildQuery(ref EventCursor cursor, TextRef raw)
    {
        if (raw.Start < 0 || raw.Length > StackQueryChars)
        {
            // Null, escaped (decoded during the pass) or long: as a string.
            return RawQueryParser.Parse(cursor.Text(raw));
        }

        Span<char> chars = stackalloc char[StackQueryChars];
        return RawQueryParser.Parse(cursor.CopyText(raw, chars));
    }

    private static HeaderMap BuildHeaders(ref EventCursor cursor)
    {
        var pairs = cursor.PairsOf(PairMap.Headers);

        // One more for the cookie header the cookies may add.
        var headers = new HeaderMap(pairs.Length + 1);
        foreach (var pair in pairs)
        {
            if (!pair.Value.IsNull)
            {
                headers.Add(cursor.HeaderName(pair.Name), cursor.Text(pair.Value)!);
            }
        }

        return headers;
    }

    /// <summary><c>cookies</c> (when it has any entry) become the <c>cookie</c> header unless one was sent.</summary>
    private static void AddCookies(ref EventCursor cursor, HeaderMap headers)
    {
        var cookies = cursor.PairsOf(PairMap.Cookies);
        if (cookies.IsEmpty || headers.Contains("cookie"))
        {
            return;
        }

        List<string>? values = null;
        foreach (var pair in cookies)
        {
            if (cursor.Text(pair.Value) is { } value)
            {
                (values ??= []).Add(value);
            }
        }

        headers.Add("cookie", values is null ? string.Empty : string.Join("; ", values));
    }

    private struct HttpEvent
    {
        public KindMarker Version;
        public KindMarker Type;
        public string? RouteArn;
        public string? RawPath;
        public TextRef RawQuery;
        public HttpContext Context;
    }

    private struct HttpContext
    {
        public int RequestId;
        public string? Method;
        public string? Path;
        public string? SourceIp;
    }

    private readonly struct RootMembers : IMemberReader<HttpEvent>
    {
        // Most frequent first: the lookup compares in this order.
        private const int RouteArn = 0, Headers = 1, RawPath = 2, RawQueryString = 3, RequestContext = 4, Cookies = 5, Version = 6,
            Type = 7, RouteKey = 8, IdentitySource = 9;

        public static MemberNames Names { get; } = new(
            "routeArn", "headers", "rawPath", "rawQueryString", "requestContext", "cookies", "version", "type", "routeKey",
            "identitySource", "queryStringParameters", "pathParameters", "stageVariables");

        public static void Read(ref EventCursor cursor, int member, scoped ref HttpEvent state)
        {
            switch (member)
            {
                case RouteArn:
                    state.RouteArn = cursor.ReadString();
                    break;
                case Headers:
                    cursor.ReadStringMap(PairMap.Headers);
                    break;
                case RawPath:
                    state.RawPath = cursor.ReadString();
                    break;
                case RawQueryString:
                    state.RawQuery = cursor.ReadText();
                    break;
                case RequestContext:
                    cursor.ReadObject<ContextMembers, HttpContext>(ref state.Context);
                    break;
                case Cookies:
                    cursor.ReadStringList(PairMap.Cookies);
                    break;
                case Version:
                    state.Version = cursor.ReadMarker(isVersion: true, typed: true);
                    break;
                case Type:
                    state.Type = cursor.ReadMarker(isVersion: false, typed: true);
                    break;
                case RouteKey:
                    cursor.SkipString();
                    break;
                case IdentitySource:
                    cursor.SkipStringList();
                    break;
                default:
                    // queryStringParameters (rawQueryString is what is read), pathParameters, stageVariables.
                    cursor.SkipStringMap();
                    break;
            }
        }
    }

    private readonly struct ContextMembers : IMemberReader<HttpContext>
    {
        private const int ContextRequestId = 0, ContextHttp = 1;

        public static MemberNames Names { get; } = new("requestId", "http", "accountId", "apiId", "domainName", "routeKey", "stage");

        public static void Read(ref EventCursor cursor, int member, scoped ref HttpContext state)
        {
            switch (member)
            {
                case ContextRequestId:
                    state.RequestId = cursor.MarkString();
                    break;
                case ContextHttp:
                    cursor.ReadObject<HttpMembers, HttpContext>(ref state);
                    break;
                default:
                    // accountId, apiId, domainName, routeKey, stage: strings not used.
                    cursor.SkipString();
                    break;
            }
        }
    }

    private readonly struct HttpMembers : IMemberReader<HttpContext>
    {
        private const int HttpMethod = 0, HttpPath = 1, HttpSourceIp = 2;

        public static MemberNames Names { get; } = new("method", "path", "sourceIp", "protocol", "userAgent");

        public static void Read(ref EventCursor cursor, int member, scoped ref HttpContext state)
        {
            switch (member)
            {
                case HttpMethod:
                    state.Method = KnownStrings.ReadMethod(ref cursor.Reader);
                    break;
                case HttpPath:
                    state.Path = cursor.ReadString();
                    break;
                case HttpSourceIp:
                    state.SourceIp = cursor.ReadString();
                    break;
                default:
                    // protocol, userAgent: strings not used.
                    cursor.SkipString();
                    break;
            }
        }
    }
}
