using Authorizer.Core.Requests;
using Authorizer.Core.Signing;
using Authorizer.Functions.Mapping;

namespace Authorizer.Functions.Events.Parsing;

/// <summary><see cref="HttpApiAuthorizerEvent"/> + <see cref="AuthRequestMapper.FromHttpApi"/> in one pass.</summary>
internal static class HttpApiEventParser
{
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
            if (cursor.Is("routeArn"u8, ref seen, 1 << 0))
            {
                routeArn = TargetCache.ReadArn(ref cursor.Reader, out cachedTarget);
            }
            else if (cursor.Is("headers"u8, ref seen, 1 << 1))
            {
                cursor.ReadStringMap(PairMap.Headers);
            }
            else if (cursor.Is("rawPath"u8, ref seen, 1 << 2))
            {
                rawPath = cursor.ReadString();
            }
            else if (cursor.Is("rawQueryString"u8, ref seen, 1 << 3))
            {
                rawQuery = cursor.ReadString();
            }
            else if (cursor.Is("requestContext"u8, ref seen, 1 << 4))
            {
                context = ReadContext(ref cursor);
            }
            else if (cursor.Is("cookies"u8, ref seen, 1 << 5))
            {
                cookies = cursor.ReadStringList(PairMap.Cookies);
            }
            else if (cursor.Is("version"u8, ref seen, 1 << 6))
            {
                version = cursor.ReadMarker(isVersion: true, typed: true);
            }
            else if (cursor.Is("type"u8, ref seen, 1 << 7))
            {
                type = cursor.ReadMarker(isVersion: false, typed: true);
            }
            else if (cursor.Is("routeKey"u8, ref seen, 1 << 8))
            {
                cursor.SkipString();
            }
            else if (cursor.Is("identitySource"u8, ref seen, 1 << 9))
            {
                cursor.SkipStringList();
            }
            else if (cursor.Is("queryStringParameters"u8, ref seen, 1 << 10)
                || cursor.Is("pathParameters"u8, ref seen, 1 << 11)
                || cursor.Is("stageVariables"u8, ref seen, 1 << 12))
            {
                cursor.SkipStringMap();
            }
            else
            {
                cursor.SkipUnknownMember();
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
            if (cursor.Is("requestId"u8, ref seen, 1 << 0))
            {
                context.RequestId = cursor.MarkString();
            }
            else if (cursor.Is("http"u8, ref seen, 1 << 1))
            {
                ReadHttp(ref cursor, ref context);
            }
            else if (cursor.Is("accountId"u8, ref seen, 1 << 2)
                || cursor.Is("apiId"u8, ref seen, 1 << 3)
                || cursor.Is("domainName"u8, ref seen, 1 << 4)
                || cursor.Is("routeKey"u8, ref seen, 1 << 5)
                || cursor.Is("stage"u8, ref seen, 1 << 6))
            {
                cursor.SkipString();
            }
            else
            {
                cursor.SkipUnknownMember();
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
            if (cursor.Is("method"u8, ref seen, 1 << 0))
            {
                context.Method = KnownStrings.ReadMethod(ref cursor.Reader);
            }
            else if (cursor.Is("path"u8, ref seen, 1 << 1))
            {
                context.Path = cursor.ReadString();
            }
            else if (cursor.Is("sourceIp"u8, ref seen, 1 << 2))
            {
                context.SourceIp = cursor.ReadString();
            }
            else if (cursor.Is("protocol"u8, ref seen, 1 << 3) || cursor.Is("userAgent"u8, ref seen, 1 << 4))
            {
                cursor.SkipString();
            }
            else
            {
                cursor.SkipUnknownMember();
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
