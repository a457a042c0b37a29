using Authorizer.Core.Model;

namespace Authorizer.Local.Seeding;

/// <summary>The <c>--seed</c> file: API settings and apps with the credentials to load.</summary>
internal sealed record SeedFile(IReadOnlyList<ApiSettings> Apis, IReadOnlyList<SeedApp> Apps);

internal sealed record SeedApp(
    string Name,
    string AppKey,
    string AppSecret,
    IReadOnlyList<string> AppCodes,
    IReadOnlyList<string> Roles,
    IReadOnlyList<SeedAuthorization> Authorizations);

internal sealed record SeedAuthorization(string ApiId, string Stage, IReadOnlyList<RouteGrant> Routes);

/// <summary>A seed that does not validate; the message names the field, e.g. <c>apps[0].appKey: required</c>.</summary>
internal sealed class SeedException : Exception
{
    public SeedException()
    {
    }

    public SeedException(string message)
        : base(message)
    {
    }

    public SeedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
