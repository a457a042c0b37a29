using System.Text;
using Authorizer.Core.Requests;
using Authorizer.Functions.Events;
using Authorizer.Functions.Events.Parsing;
using Authorizer.Functions.Mapping;

namespace Authorizer.Functions.Tests.Events;

/// <summary>
/// Runs one payload through the contract path (detect, <see cref="EventReader.Deserialize"/>, mapper) and through
/// <see cref="AuthorizerEventParser"/>, and describes each result (every field of the request, or the refusal) as
/// text, so a difference names itself.
/// </summary>
internal static class ParserOracle
{
    public const string Rejected = "rejected";

    public static string Reference(byte[] payload)
    {
        try
        {
            return EventReader.DetectAuthorizerEventKind(payload) switch
            {
                EventKind.RestToken => Describe(
                    AuthRequestMapper.FromRestToken(EventReader.Deserialize(payload, FunctionsJsonContext.Default.RestTokenAuthorizerEvent)), null),
                EventKind.HttpApiV2 => DescribeHttp(EventReader.Deserialize(payload, FunctionsJsonContext.Default.HttpApiAuthorizerEvent)),
                _ => DescribeRest(EventReader.Deserialize(payload, FunctionsJsonContext.Default.RestRequestAuthorizerEvent)),
            };
        }
        catch (InvalidEventException)
        {
            return Rejected;
        }
    }

    public static string Fast(byte[] payload)
    {
        try
        {
            var parsed = AuthorizerEventParser.Parse(payload);
            return Describe(parsed.Request, AuthorizerEventParser.ReadRequestId(payload, parsed));
        }
        catch (InvalidEventException)
        {
            return Rejected;
        }
    }

    public static string Describe(AuthRequest request, string? requestId)
    {
        var text = new StringBuilder();
        text.Append("kind=").Append(request.Kind).Append('\n');
        text.Append("method=").Append(request.Method).Append('\n');
        text.Append("path=").Append(request.Path).Append('\n');
        foreach (var name in request.Headers.Names)
        {
            text.Append("header ").Append(name).Append(" count=").Append(request.Headers.CountOf(name)).Append('\n');
            foreach (var value in request.Headers.GetAll(name))
            {
                text.Append("  value=").Append(value).Append('\n');
            }
        }

        foreach (var (name, value) in request.Query.Pairs)
        {
            text.Append("query ").Append(name).Append('=').Append(value).Append('\n');
        }

        text.Append("target=").Append(request.Target).Append('\n');
        text.Append("sourceIp=").Append(request.SourceIp ?? "<null>").Append('\n');
        text.Append("token=").Append(request.AuthorizationToken ?? "<null>").Append('\n');
        text.Append("requestId=").Append(requestId ?? "<null>").Append('\n');
        return text.ToString();
    }

    private static string DescribeRest(RestRequestAuthorizerEvent evt) =>
        Describe(AuthRequestMapper.FromRestRequest(evt), evt.RequestContext?.RequestId);

    private static string DescribeHttp(HttpApiAuthorizerEvent evt) =>
        Describe(AuthRequestMapper.FromHttpApi(evt), evt.RequestContext?.RequestId);
}
