using Authorizer.Core.Requests;
using Authorizer.Core.Signing;
using Authorizer.Functions.Events;

namespace Authorizer.Functions.Mapping;

/// <summary>Turns each authorizer event kind into the one request model the engine understands.</summary>
public static class AuthRequestMapper
{
    /// <summary>
    /// REST <c>REQUEST</c>: the path is <c>requestContext.path</c> (as on the wire, stage included) else the
    /// top-level <c>path</c>; headers merge <c>multiValueHeaders</c> (all repeats) with <c>headers</c> entries the
    /// multi-value map lacks; query from <c>multiValueQueryStringParameters</c> else <c>queryStringParameters</c>.
    /// </summary>
    public static AuthRequest FromRestRequest(RestRequestAuthorizerEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var target = ParseTarget(evt.MethodArn, "methodArn");
        var path = FirstNonEmpty(evt.RequestContext?.Path, evt.Path) ?? target.ResourcePath;
        var method = FirstNonEmpty(evt.HttpMethod, evt.RequestContext?.HttpMethod) ?? target.Method;

        return new AuthRequest
        {
            Kind = EventKind.RestRequest,
            Method = method.ToUpperInvariant(),
            Path = path,
            Headers = MergeHeaders(evt.Headers, evt.MultiValueHeaders),
            Query = MergeQuery(evt.QueryStringParameters, evt.MultiValueQueryStringParameters),
            Target = target,
            SourceIp = evt.RequestContext?.Identity?.SourceIp,
        };
    }

    /// <summary>REST <c>TOKEN</c>: only the token and the ARN; method and path come from the ARN.</summary>
    public static AuthRequest FromRestToken(RestTokenAuthorizerEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var target = ParseTarget(evt.MethodArn, "methodArn");
        return new AuthRequest
        {
            Kind = EventKind.RestToken,
            Method = target.Method.ToUpperInvariant(),
            Path = target.ResourcePath,
            Headers = new HeaderMap(),
            Query = new QueryMap(),
            Target = target,
            AuthorizationToken = evt.AuthorizationToken,
        };
    }

    /// <summary>
    /// HTTP API 2.0: the decoded <c>rawPath</c> is re-encoded to its wire form; the query is parsed from
    /// <c>rawQueryString</c> (see <see cref="RawQueryParser"/>); each header keeps its one, comma-joined value;
    /// <c>cookies</c> become the <c>cookie</c> header again.
    /// </summary>
    public static AuthRequest FromHttpApi(HttpApiAuthorizerEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var target = ParseTarget(evt.RouteArn, "routeArn");
        var decodedPath = FirstNonEmpty(evt.RawPath, evt.RequestContext?.Http?.Path) ?? target.ResourcePath;
        var method = FirstNonEmpty(evt.RequestContext?.Http?.Method) ?? target.Method;

        var headers = new HeaderMap();
        if (evt.Headers is not null)
        {
            foreach (var (name, value) in evt.Headers)
            {
                if (value is not null)
                {
                    headers.Add(name, value);
                }
            }
        }

        if (evt.Cookies is { Count: > 0 } && !headers.Contains("cookie"))
        {
            headers.Add("cookie", string.Join("; ", evt.Cookies.Where(c => c is not null)));
        }

        return new AuthRequest
        {
            Kind = EventKind.HttpApiV2,
            Method = method.ToUpperInvariant(),
            Path = PercentEncoding.EncodeDecodedPath(decodedPath),
            Headers = headers,
            Query = RawQueryParser.Parse(evt.RawQueryString),
            Target = target,
            SourceIp = evt.RequestContext?.Http?.SourceIp,
        };
    }

    internal static HeaderMap MergeHeaders(
        Dictionary<string, string?>? single,
        Dictionary<string, List<string?>?>? multi)
    {
        var headers = new HeaderMap();
        if (multi is not null)
        {
            foreach (var (name, values) in multi)
            {
                if (values is null)
                {
                    continue;
                }

                foreach (var value in values)
                {
                    if (value is not null)
                    {
                        headers.Add(name, value);
                    }
                }
            }
        }

        if (single is not null)
        {
            // API Gateway puts a header in both maps (the single map holding the last value); taking the single
            // value only when the multi map lacks the header counts each received value once.
            foreach (var (name, value) in single)
            {
                if (value is not null && !headers.Contains(name))
                {
                    headers.Add(name, value);
                }
            }
        }

        return headers;
    }

    internal static QueryMap MergeQuery(
        Dictionary<string, string?>? single,
        Dictionary<string, List<string?>?>? multi)
    {
        var query = new QueryMap();
        if (multi is not null)
        {
            foreach (var (name, values) in multi)
            {
                if (values is null)
                {
                    continue;
                }

                foreach (var value in values)
                {
                    query.Add(name, value ?? string.Empty);
                }
            }

            return query;
        }

        if (single is not null)
        {
            foreach (var (name, value) in single)
            {
                query.Add(name, value ?? string.Empty);
            }
        }

        return query;
    }

    private static ApiTarget ParseTarget(string? arn, string fieldName) =>
        ApiTarget.TryParse(arn, out var target)
            ? target
            : throw new InvalidEventException($"{fieldName} is missing or is not an execute-api ARN.");

    private static string? FirstNonEmpty(string? first, string? second = null) =>
        !string.IsNullOrEmpty(first) ? first : !string.IsNullOrEmpty(second) ? second : null;
}
