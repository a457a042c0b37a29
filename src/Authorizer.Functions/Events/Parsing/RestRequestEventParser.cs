using Authorizer.Core.Requests;

namespace Authorizer.Functions.Events.Parsing;

/// <summary>
/// <see cref="RestRequestAuthorizerEvent"/> + <see cref="Mapping.AuthRequestMapper.FromRestRequest"/> in one pass.
/// The header and query entries are kept as places while the pass runs and built at its end, in the order the
/// merge needs them, so a header present in both maps becomes a string once.
/// </summary>
internal static class RestRequestEventParser
{
    public static ParsedEvent Parse(ref EventCursor cursor, out KindMarker version, out KindMarker type)
    {
        version = KindMarker.None;
        type = KindMarker.None;
        string? methodArn = null;
        ApiTarget? cachedTarget = null;
        var topPath = TextRef.Null;
        string? topMethod = null;
        var multiQuery = false;
        var context = new RestContext { RequestId = -1 };
        var seen = 0;

        var root = cursor.EnterRoot();
        while (cursor.NextMember())
        {
            if (cursor.Is("methodArn"u8, ref seen, 1 << 0))
            {
                methodArn = TargetCache.ReadArn(ref cursor.Reader, out cachedTarget);
            }
            else if (cursor.Is("headers"u8, ref seen, 1 << 1))
            {
                cursor.ReadStringMap(PairMap.Headers);
            }
            else if (cursor.Is("multiValueHeaders"u8, ref seen, 1 << 2))
            {
                cursor.ReadListMap(PairMap.MultiValueHeaders);
            }
            else if (cursor.Is("queryStringParameters"u8, ref seen, 1 << 3))
            {
                cursor.ReadStringMap(PairMap.Query);
            }
            else if (cursor.Is("multiValueQueryStringParameters"u8, ref seen, 1 << 4))
            {
                multiQuery = cursor.ReadListMap(PairMap.MultiValueQuery);
            }
            else if (cursor.Is("requestContext"u8, ref seen, 1 << 5))
            {
                context = ReadContext(ref cursor);
            }
            else if (cursor.Is("path"u8, ref seen, 1 << 6))
            {
                // Built only when requestContext.path is empty: on API Gateway events it never is.
                topPath = cursor.ReadText();
            }
            else if (cursor.Is("httpMethod"u8, ref seen, 1 << 7))
            {
                topMethod = KnownStrings.ReadMethod(ref cursor.Reader);
            }
            else if (cursor.Is("type"u8, ref seen, 1 << 8))
            {
                type = cursor.ReadMarker(isVersion: false, typed: true);
            }
            else if (cursor.Is("version"u8, ref seen, 1 << 9))
            {
                version = cursor.ReadMarker(isVersion: true, typed: true);
            }
            else if (cursor.Is("resource"u8, ref seen, 1 << 10))
            {
                cursor.SkipString();
            }
            else if (cursor.Is("pathParameters"u8, ref seen, 1 << 11) || cursor.Is("stageVariables"u8, ref seen, 1 << 12))
            {
                cursor.SkipStringMap();
            }
            else
            {
                cursor.SkipUnknownMember();
            }
        }

        cursor.LeaveRoot(root);

        var target = TargetCache.Resolve(methodArn, cachedTarget, "methodArn");
        var path = AuthorizerEventParser.FirstNonEmpty(context.Path)
            ?? AuthorizerEventParser.FirstNonEmpty(cursor.Text(topPath))
            ?? target.ResourcePath;
        var method = AuthorizerEventParser.FirstNonEmpty(topMethod, context.Method) ?? target.Method;
        var request = new AuthRequest
        {
            Kind = EventKind.RestRequest,
            Method = method.ToUpperInvariant(),
            Path = path,
            Headers = BuildHeaders(ref cursor),
            Query = BuildQuery(ref cursor, multiQuery),
            Target = target,
            SourceIp = context.SourceIp,
        };
        return new ParsedEvent(request, context.RequestId);
    }

    /// <summary>
    /// Every value of <c>multiValueHeaders</c>, then each <c>headers</c> entry whose name (case-insensitively) is
    /// not there yet; a name both maps carry is never turned into a string a second time.
    /// </summary>
    private static HeaderMap BuildHeaders(ref EventCursor cursor)
    {
        var single = 0;
        var multi = 0;
        foreach (var pair in cursor.Pairs)
        {
            single += pair.Map == PairMap.Headers ? 1 : 0;
            multi += pair.Map == PairMap.MultiValueHeaders ? 1 : 0;
        }

        var headers = new HeaderMap(Math.Max(single, multi));
        if (multi > 0)
        {
            var lastName = TextRef.Null;
            string? name = null;
            foreach (var pair in cursor.Pairs)
            {
                if (pair.Map != PairMap.MultiValueHeaders || pair.Value.IsNull)
                {
                    continue;
                }

                // The values of one name are consecutive entries sharing its place.
                if (name is null || pair.Name != lastName)
                {
                    name = cursor.HeaderName(pair.Name);
                    lastName = pair.Name;
                }

                headers.Add(name, cursor.Text(pair.Value)!);
            }
        }

        if (single > 0)
        {
            // API Gateway writes both maps with the same names in the same order: the n-th single name spelled as the
            // n-th multi name that gave a value is known to be there without decoding it for a case-insensitive lookup.
            var multiNames = cursor.Pairs;
            var next = 0;
            foreach (var pair in cursor.Pairs)
            {
                if (pair.Map != PairMap.Headers || pair.Value.IsNull)
                {
                    continue;
                }

                if (NextMultiName(multiNames, ref next) is { } multiName && cursor.SameText(pair.Name, multiName))
                {
                    continue;
                }

                if (!cursor.HasHeader(headers, pair.Name))
                {
                    headers.Add(cursor.HeaderName(pair.Name), cursor.Text(pair.Value)!);
                }
            }
        }

        return headers;
    }

    /// <summary>The name of the next multi-value header that gave a value, from <paramref name="next"/> on.</summary>
    private static TextRef? NextMultiName(ReadOnlySpan<TextPair> pairs, ref int next)
    {
        while (next < pairs.Length)
        {
            var pair = pairs[next++];
            if (pair.Map == PairMap.MultiValueHeaders && !pair.Value.IsNull)
            {
                // Skip the name's further values: one name, one step.
                while (next < pairs.Length && pairs[next].Map == PairMap.MultiValueHeaders && pairs[next].Name == pair.Name)
                {
                    next++;
                }

                return pair.Name;
            }
        }

        return null;
    }

    /// <summary>The multi-value map when present (a null list skipped, a null value empty), else the single map.</summary>
    private static QueryMap BuildQuery(ref EventCursor cursor, bool multiPresent)
    {
        var from = multiPresent ? PairMap.MultiValueQuery : PairMap.Query;
        var count = 0;
        foreach (var pair in cursor.Pairs)
        {
            count += pair.Map == from ? 1 : 0;
        }

        var query = new QueryMap(count);
        if (count == 0)
        {
            return query;
        }

        var lastName = TextRef.Null;
        string? name = null;
        foreach (var pair in cursor.Pairs)
        {
            if (pair.Map != from)
            {
                continue;
            }

            if (name is null || pair.Name != lastName)
            {
                name = cursor.Text(pair.Name)!;
                lastName = pair.Name;
            }

            query.Add(name, cursor.Text(pair.Value) ?? string.Empty);
        }

        return query;
    }

    private static RestContext ReadContext(ref EventCursor cursor)
    {
        var context = new RestContext { RequestId = -1 };
        if (cursor.EnterObject() is not { } frame)
        {
            return context;
        }

        var seen = 0;
        while (cursor.NextMember())
        {
            if (cursor.Is("path"u8, ref seen, 1 << 0))
            {
                context.Path = cursor.ReadString();
            }
            else if (cursor.Is("httpMethod"u8, ref seen, 1 << 1))
            {
                context.Method = KnownStrings.ReadMethod(ref cursor.Reader);
            }
            else if (cursor.Is("requestId"u8, ref seen, 1 << 2))
            {
                context.RequestId = cursor.MarkString();
            }
            else if (cursor.Is("identity"u8, ref seen, 1 << 3))
            {
                context.SourceIp = ReadIdentity(ref cursor);
            }
            else if (cursor.Is("authorizer"u8, ref seen, 1 << 4))
            {
                cursor.SkipElementMap();
            }
            else if (cursor.Is("accountId"u8, ref seen, 1 << 5)
                || cursor.Is("resourceId"u8, ref seen, 1 << 6)
                || cursor.Is("stage"u8, ref seen, 1 << 7)
                || cursor.Is("resourcePath"u8, ref seen, 1 << 8)
                || cursor.Is("apiId"u8, ref seen, 1 << 9)
                || cursor.Is("domainName"u8, ref seen, 1 << 10))
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

    private static string? ReadIdentity(ref EventCursor cursor)
    {
        string? sourceIp = null;
        if (cursor.EnterObject() is not { } frame)
        {
            return null;
        }

        var seen = 0;
        while (cursor.NextMember())
        {
            if (cursor.Is("sourceIp"u8, ref seen, 1 << 0))
            {
                sourceIp = cursor.ReadString();
            }
            else if (cursor.Is("userAgent"u8, ref seen, 1 << 1))
            {
                cursor.SkipString();
            }
            else
            {
                cursor.SkipUnknownMember();
            }
        }

        cursor.LeaveObject(frame);
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
