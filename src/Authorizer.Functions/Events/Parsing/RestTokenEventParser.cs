using Authorizer.Core.Requests;

namespace Authorizer.Functions.Events.Parsing;

/// <summary><see cref="RestTokenAuthorizerEvent"/> + <see cref="Mapping.AuthRequestMapper.FromRestToken"/> in one pass.</summary>
internal static class RestTokenEventParser
{
    private const int AuthorizationToken = 0, MethodArn = 1, Type = 2, Version = 3;

    private static readonly MemberNames Names = new("authorizationToken", "methodArn", "type", "version");

    public static ParsedEvent Parse(ref EventCursor cursor, out KindMarker version, out KindMarker type)
    {
        version = KindMarker.None;
        type = KindMarker.None;
        string? token = null;
        string? methodArn = null;
        ApiTarget? cachedTarget = null;
        var seen = 0;

        var root = cursor.EnterRoot();
        while (cursor.NextMember())
        {
            switch (cursor.Member(Names, ref seen))
            {
                case AuthorizationToken:
                    token = cursor.ReadString();
                    break;
                case MethodArn:
                    methodArn = TargetCache.ReadArn(ref cursor.Reader, out cachedTarget);
                    break;
                case Type:
                    type = cursor.ReadMarker(isVersion: false, typed: true);
                    break;
                case Version:
                    // Not a member of this contract, but it names the event's kind.
                    version = cursor.ReadMarker(isVersion: true, typed: false);
                    break;
                default:
                    cursor.SkipUnknownMember();
                    break;
            }
        }

        cursor.LeaveRoot(root);

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
