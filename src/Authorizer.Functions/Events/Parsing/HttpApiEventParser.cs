using Authorizer.Core.Requests;
using Authorizer.Core.Signing;
using Authorizer.Functions.Mapping;

namespace Authorizer.Functions.Events.Parsing;

/// <summary><see cref="HttpApiAuthorizerEvent"/> + <see cref="AuthRequestMapper.FromHttpApi"/> in one pass.</summary>
internal static class HttpApiEventParser
{
    // Most frequent first: the lookup compares in this order.
    private const int RouteArn = 0, Headers = 1, RawPath = 2, RawQueryString = 3, RequestContext = 4, Cookies = 5, Version = 6,
        Type = 7, RouteKey = 8, IdentitySource = 9, QueryStringParameters = 10, PathParameters = 11, StageVariables = 12;

    private static readonly MemberNames Names = new(
        "routeArn", "headers", "rawPath", "rawQueryString", "requestContext", "cookies", "version", "type", "routeKey",
        "identitySource", "queryStringParameters", "pathParameters", "stageVariables");

    private const int ContextRequestId = 0, ContextHttp = 1;

    private static readonly MemberNames ContextNames = new("requestId", "http", "accountId", "apiId", "domainName", "routeKey", "stage");

    private const int HttpMethod = 0, HttpPath = 1, HttpSourceIp = 2;

    private static readonly MemberNames HttpNames = new("method", "path", "sourceIp", "protocol", "userAgent");

    public static ParsedEvent Parse(ref EventCursor cursor, out KindMarker version, out KindMarker type)
    {
        version = KindMarker.None;
        type = KindMarker.None;
        string? routeArn = null;
        ApiTarget? cachedTarget = null;
        string? rawPath = null;
        string? rawQuery = null;
        var cookies = false;
        var context = new HttpContext { RequestId = -1 };
        var seen = 0;

        var root = cursor.EnterRoot();
        while (cursor.NextMember())
        {
            switch (cursor.Member(Names, ref seen))
            {
                case RouteArn:
                    routeArn = TargetCache.ReadArn(ref cursor.Reader, out cachedTarget);
                    break;
                case Headers:
                    cursor.ReadStringMap(PairMap.Headers);
                    break;
                case RawPath:
                    rawPath = cursor.ReadString();
                    break;
                case RawQueryString:
                    rawQuery = cursor.ReadString();
                    break;
                case RequestContext:
                    context = ReadContext(ref cursor);
                    break;
                case Cookies:
                    cookies = cursor.ReadStringList(PairMap.Cookies);
                    break;
                case Version:
                    version = cursor.ReadMarker(isVersion: true, typed: true);
                    break;
                case Type:
                    type = cursor.ReadMarker(isVersion: false, typed: true);
                    break;
                case RouteKey:
                    cursor.SkipString();
                    break;
                case IdentitySource:
                    cursor.SkipStringList();
                    break;
                case QueryStringParameters:
                case PathParameters:
                case StageVariables:
                    cursor.SkipStringMap();
                    break;
                default:
                    cursor.SkipUnknownMember();
                    break;
            }
        }

        cursor.LeaveRoot(root);

        var headers = BuildHeaders(ref cursor);
        if (cookies)
        {
            AddCookies(ref cursor, headers);
        }

        var target = TargetCache.Resolve(routeArn, cachedTarget, "routeArn");
        var decodedPath = AuthorizerEventParser.FirstNonEmpty(rawPath, context.Path) ?? target.ResourcePath;
        var method = AuthorizerEventParser.FirstNonEmpty(context.Method) ?? target.Method;
        var request = new AuthRequest
        {
            Kind = EventKind.HttpApiV2,
            Method = method.ToUpperInvariant(),
            Path = PercentEncoding.EncodeDecodedPath(decodedPath),
            Headers = headers,
            Query = RawQueryParser.Parse(rawQuery),
            Target = target,
            SourceIp = context.SourceIp,
        };
        return new ParsedEvent(request, context.RequestId);
    }

    private static HeaderMap BuildHeaders(ref EventCursor cursor)
    {
        var count = 0;
        foreach (var pair in cursor.Pairs)
        {
            count += pair.Map == PairMap.Headers ? 1 : 0;
        }

        // One more for the cookie header the cookies may add.
        var headers = new HeaderMap(count + 1);
        foreach (var pair in cursor.Pairs)
        {
            if (pair.Map == PairMap.Headers && !pair.Value.IsNull)
            {
                headers.Add(cursor.HeaderName(pair.Name), cursor.Text(pair.Value)!);
            }
        }

        return headers;
    }

    /// <summary><c>cookies</c> (when it has any entry) become the <c>cookie</c> header unless one was sent.</summary>
    private static void AddCookies(ref EventCursor cursor, HeaderMap headers)
    {
        var entries = 0;
        List<string>? values = null;
        foreach (var pair in cursor.Pairs)
        {
            if (pair.Map != PairMap.Cookies)
            {
                continue;
            }

            entries++;
            if (cursor.Text(pair.Value) is { } value)
            {
                (values ??= []).Add(value);
            }
        }

        if (entries > 0 && !headers.Contains("cookie"))
        {
            headers.Add("cookie", values is null ? string.Empty : string.Join("; ", values));
        }
    }

    private static HttpContext ReadContext(ref EventCursor cursor)
    {
        var context = new HttpContext { RequestId = -1 };
        if (cursor.EnterObject() is not { } frame)
        {
            return context;
        }

        var seen = 0;
        while (cursor.NextMember())
        {
            switch (cursor.Member(ContextNames, ref seen))
            {
                case ContextRequestId:
                    context.RequestId = cursor.MarkString();
                    break;
                case ContextHttp:
                    ReadHttp(ref cursor, ref context);
                    break;
                case -1:
                    cursor.SkipUnknownMember();
                    break;
                default:
                    // accountId, apiId, domainName, routeKey, stage: strings not used.
                    cursor.SkipString();
                    break;
            }
        }

        cursor.LeaveObject(frame);
        return context;
    }

    private static void ReadHttp(ref EventCursor cursor, ref HttpContext context)
    {
        if (cursor.EnterObject() is not { } frame)
        {
            return;
        }

        var seen = 0;
        while (cursor.NextMember())
        {
            switch (cursor.Member(HttpNames, ref seen))
            {
                case HttpMethod:
                    context.Method = KnownStrings.ReadMethod(ref cursor.Reader);
                    break;
                case HttpPath:
                    context.Path = cursor.ReadString();
                    break;
                case HttpSourceIp:
                    context.SourceIp = cursor.ReadString();
                    break;
                case -1:
                    cursor.SkipUnknownMember();
                    break;
                default:
                    // protocol, userAgent: strings not used.
                    cursor.SkipString();
                    break;
            }
        }

        cursor.LeaveObject(frame);
    }

    private struct HttpContext
    {
        public int RequestId;
        public string? Method;
        public string? Path;
        public string? SourceIp;
    }
}
