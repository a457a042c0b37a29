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
        var root = new RestEvent { TopPath = TextRef.Null, Context = new RestContext { RequestId = -1 } };
        cursor.ReadRoot<RootMembers, RestEvent>(ref root);
        version = root.Version;
        type = root.Type;
        var context = root.Context;

        var target = TargetParser.Require(root.MethodArn, "methodArn");
        var path = AuthorizerEventParser.FirstNonEmpty(context.Path)
            ?? AuthorizerEventParser.FirstNonEmpty(cursor.Text(root.TopPath))
            ?? target.ResourcePath;
        var method = AuthorizerEventParser.FirstNonEmpty(root.TopMethod, context.Method) ?? target.Method;
        var request = new AuthRequest
        {
            Kind = EventKind.RestRequest,
            Method = method.ToUpperInvariant(),
            Path = path,
            Headers = BuildHeaders(ref cursor),
            Query = BuildQuery(ref cursor, root.MultiQuery),
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
        var single = cursor.PairsOf(PairMap.Headers);
        var multi = cursor.PairsOf(PairMap.MultiValueHeaders);
        var headers = new HeaderMap(Math.Max(single.Length, multi.Length));
        var lastName = TextRef.Null;
        string? name = null;
        foreach (var pair in multi)
        {
            if (pair.Value.IsNull)
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

        // API Gateway writes both maps with the same names in the same order: the n-th single name spelled as the
        // n-th multi name that gave a value is known to be there without decoding it for a case-insensitive lookup.
        var next = 0;
        foreach (var pair in single)
        {
            if (pair.Value.IsNull)
            {
                continue;
            }

            if (NextMultiName(multi, ref next) is { } multiName && cursor.SameText(pair.Name, multiName))
            {
                continue;
            }

            if (!cursor.HasHeader(headers, pair.Name))
            {
                headers.Add(cursor.HeaderName(pair.Name), cursor.Text(pair.Value)!);
            }
        }

        return headers;
    }

    /// <summary>The name of the next multi-value header that gave a value, from <paramref name="next"/> on.</summary>
    private static TextRef? NextMultiName(ReadOnlySpan<TextPair> multi, ref int next)
    {
        while (next < multi.Length)
        {
            var pair = multi[next++];
            if (!pair.Value.IsNull)
            {
                // Skip the name's further values: one name, one step.
                while (next < multi.Length && multi[next].Name == pair.Name)
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
        var pairs = cursor.PairsOf(multiPresent ? PairMap.MultiValueQuery : PairMap.Query);
        var query = new QueryMap(pairs.Length);
        var lastName = TextRef.Null;
        string? name = null;
        foreach (var pair in pairs)
        {
            if (name is null || pair.Name != lastName)
            {
                name = cursor.Text(pair.Name)!;
                lastName = pair.Name;
            }

            query.Add(name, cursor.Text(pair.Value) ?? string.Empty);
        }

        return query;
    }

    private struct RestEvent
    {
        public KindMarker Version;
        public KindMarker Type;
        public string? MethodArn;
        public TextRef TopPath;
        public string? TopMethod;
        public bool MultiQuery;
        public RestContext Context;
    }

    private struct RestContext
    {
        public string? Path;
        public string? Method;
        public int RequestId;
        public string? SourceIp;
    }

    private readonly struct RootMembers : IMemberReader<RestEvent>
    {
        // Most frequent first: the lookup compares in this order.
        private const int MethodArn = 0, Headers = 1, MultiValueHeaders = 2, Query = 3, MultiValueQuery = 4, RequestContext = 5,
            Path = 6, HttpMethod = 7, Type = 8, Version = 9, Resource = 10;

        public static MemberNames Names { get; } = new(
            "methodArn", "headers", "multiValueHeaders", "queryStringParameters", "multiValueQueryStringParameters",
            "requestContext", "path", "httpMethod", "type", "version", "resource", "pathParameters", "stageVariables");

        public static void Read(ref EventCursor cursor, int member, scoped ref RestEvent state)
        {
            switch (member)
            {
                case MethodArn:
                    state.MethodArn = cursor.ReadString();
                    break;
                case Headers:
                    cursor.ReadStringMap(PairMap.Headers);
                    break;
                case MultiValueHeaders:
                    cursor.ReadListMap(PairMap.MultiValueHeaders);
                    break;
                case Query:
                    cursor.ReadStringMap(PairMap.Query);
                    break;
                case MultiValueQuery:
                    state.MultiQuery = cursor.ReadListMap(PairMap.MultiValueQuery);
                    break;
                case RequestContext:
                    cursor.ReadObject<ContextMembers, RestContext>(ref state.Context);
                    break;
                case Path:
                    // Built only when requestContext.path is empty: on API Gateway events it never is.
                    state.TopPath = cursor.ReadText();
                    break;
                case HttpMethod:
                    state.TopMethod = KnownStrings.ReadMethod(ref cursor.Reader);
                    break;
                case Type:
                    state.Type = cursor.ReadMarker(isVersion: false, typed: true);
                    break;
                case Version:
                    state.Version = cursor.ReadMarker(isVersion: true, typed: true);
                    break;
                case Resource:
                    cursor.SkipString();
                    break;
                default:
                    // pathParameters, stageVariables: string maps not used.
                    cursor.SkipStringMap();
                    break;
            }
        }
    }

    private readonly struct ContextMembers : IMemberReader<RestContext>
    {
        private const int ContextPath = 0, ContextHttpMethod = 1, ContextRequestId = 2, ContextIdentity = 3, ContextAuthorizer = 4;

        public static MemberNames Names { get; } = new(
            "path", "httpMethod", "requestId", "identity", "authorizer", "accountId", "resourceId", "stage", "resourcePath", "apiId", "domainName");

        public static void Read(ref EventCursor cursor, int member, scoped ref RestContext state)
        {
            switch (member)
            {
                case ContextPath:
                    state.Path = cursor.ReadString();
                    break;
                case ContextHttpMethod:
                    state.Method = KnownStrings.ReadMethod(ref cursor.Reader);
                    break;
                case ContextRequestId:
                    state.RequestId = cursor.MarkString();
                    break;
                case ContextIdentity:
                    cursor.ReadObject<IdentityMembers, RestContext>(ref state);
                    break;
                case ContextAuthorizer:
                    cursor.SkipElementMap();
                    break;
                default:
                    // accountId, resourceId, stage, resourcePath, apiId, domainName: strings not used.
                    cursor.SkipString();
                    break;
            }
        }
    }

    private readonly struct IdentityMembers : IMemberReader<RestContext>
    {
        private const int SourceIp = 0;

        public static MemberNames Names { get; } = new("sourceIp", "userAgent");

        public static void Read(ref EventCursor cursor, int member, scoped ref RestContext state)
        {
            if (member == SourceIp)
            {
                state.SourceIp = cursor.ReadString();
            }
            else
            {
                // userAgent: a string not used.
                cursor.SkipString();
            }
        }
    }
}
