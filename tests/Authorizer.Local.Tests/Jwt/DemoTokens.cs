using System.Buffers.Text;
using System.Text;
using Authorizer.Core.Jwt;

namespace Authorizer.Local.Tests.Jwt;

/// <summary>Tokens for the end-to-end tests, minted by Core's signer: valid ones and the usual ways of being wrong.</summary>
internal static class DemoTokens
{
    public static string Mint(JwtSigner signer, string issuer, string audience, string subject = "alice", int expiresInSeconds = 600, params KeyValuePair<string, string>[] extra)
    {
        var now = DateTimeOffset.UtcNow;
        return signer.Sign(new JwtClaimSet
        {
            Issuer = issuer,
            Audience = audience,
            Subject = subject,
            IssuedAt = now,
            ExpiresAt = now.AddSeconds(expiresInSeconds),
            Extra = extra,
        }.ToJson());
    }

    /// <summary>The same signature over another payload (the subject changed to mallory): a forgery.</summary>
    public static string Tampered(string token)
    {
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1]));
        var forged = payload.Replace("\"sub\":\"alice\"", "\"sub\":\"mallory\"", StringComparison.Ordinal);
        Assert.NotEqual(payload, forged);
        return parts[0] + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(forged)) + "." + parts[2];
    }
}
