using Authorizer.Core.Requests;

namespace Authorizer.Functions.Events.Parsing;

/// <summary><see cref="RestTokenAuthorizerEvent"/> + <see cref="Mapping.AuthRequestMapper.FromRestToken"/> in one pass.</summary>
internal static class RestTokenEventParser
{
    public static ParsedEvent Parse(ref EventCursor cursor, out KindMarker version, out KindMarker type)
    {
        var root = default(TokenEvent);
        cursor.ReadRoot<RootMembers, TokenEvent>(ref root);
        version = root.Version;
        type = root.Type;

        var target = TargetParser.Require(root.MethodArn, "methodArn");
        var request = new AuthRequest
        {
            Kind = EventKind.RestToken,
            Method = target.Method.ToUpperInvariant(),
            Path = target.ResourcePath,
            Headers = new HeaderMap(0),
            Query = new QueryMap(),
            Target = target,
            AuthorizationToken = root.Token,
        };
        return new ParsedEvent(request, -1);
    }

    private struct TokenEvent
    {
        public KindMarker Version;
        public KindMarker Type;
        public string? Token;
        public string? MethodArn;
    }

    private readonly struct RootMembers : IMemberReader<TokenEvent>
    {
        private const int AuthorizationToken = 0, MethodArn = 1, Type = 2;

        public static MemberNames Names { get; } = new("authorizationToken", "methodArn", "type", "version");

        public static void Read(ref EventCursor cursor, int member, scoped ref TokenEvent state)
        {
            switch (member)
            {
                case AuthorizationToken:
                    state.Token = cursor.ReadString();
                    break;
                case MethodArn:
                    state.MethodArn = cursor.ReadString();
                    break;
                case Type:
                    state.Type = cursor.ReadMarker(isVersion: false, typed: true);
                    break;
                default:
                    // version: not a member of this contract, but it names the event's kind.
                    state.Version = cursor.ReadMarker(isVersion: true, typed: false);
                    break;
            }
        }
    }
}
