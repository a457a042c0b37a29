using Authorizer.Core.Requests;

namespace Authorizer.Functions.Events.Parsing;

/// <summary><see cref="RestTokenAuthorizerEvent"/> + <see cref="Mapping.AuthRequestMapper.FromRestToken"/> in one pass.</summary>
internal static class RestTokenEventParser
{
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
            if (cursor.Is("authorizationToken"u8, ref seen, 1 << 0))
            {
                token = cursor.ReadString();
            }
            else if (cursor.Is("methodArn"u8, ref seen, 1 << 1))
            {
                methodArn = TargetCache.ReadArn(ref cursor.Reader, out cachedTarget);
            }
            else if (cursor.Is("type"u8, ref seen, 1 << 2))
            {
                type = cursor.ReadMarker(isVersion: false, typed: true);
            }
            else if (cursor.Is("version"u8, ref seen, 1 << 3))
            {
                // Not a member of this contract, but it names the event's kind.
                version = cursor.ReadMarker(isVersion: true, typed: false);
            }
            else
            {
                cursor.SkipUnknownMember();
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
