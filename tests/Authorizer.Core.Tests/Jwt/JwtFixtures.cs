using Authorizer.Core.Jwt;

namespace Authorizer.Core.Tests.Jwt;

/// <summary>Keys, a provider and payloads for the JWT tests; time is fixed so lifetimes are exact.</summary>
internal static class JwtFixtures
{
    public const string Issuer = "https://idp.example.com/";
    public const string Audience = "api://orders";

    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    public static long NowSeconds => Now.ToUnixTimeSeconds();

    public static JwtProvider Provider(string jwks, Func<JwtProvider, JwtProvider>? change = null)
    {
        var provider = new JwtProvider
        {
            AppId = "app-idp",
            Issuers = [Issuer],
            Audiences = [Audience],
            ClockToleranceSeconds = 0,
            Jwks = jwks,
        };
        return change is null ? provider : change(provider);
    }

    public static string Payload(long? exp = null, string iss = Issuer, string aud = "\"" + Audience + "\"", string extra = "") =>
        $"{{\"iss\":\"{iss}\",\"sub\":\"user-1\",\"aud\":{aud},\"iat\":{NowSeconds - 10},\"exp\":{exp ?? NowSeconds + 300},\"jti\":\"j-{Guid.NewGuid():N}\"{extra}}}";
}
