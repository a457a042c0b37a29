using Authorizer.Core.Model;
using Authorizer.Core.Signing;

namespace Authorizer.Benchmarks;

/// <summary>One app's credentials and the signed headers a caller sends with each scheme.</summary>
internal static class BenchCredentials
{
    public const string AppKey = "204118729";
    public const string AppSecret = "x3Jt9Qm2Vb7Lr5Kc1Hn8Wd4Fs6Gp0Za";
    public const string AppCode = "9d2f7c1e5a8b3f6d0c4e7a9b2d5f8c1e3a6b9d2f5c8e1a4b7d0f3c6e9a2b5d8f";
    public const string ApiId = "a1b2c3d4e5";
    public const string Stage = "Prod";
    public const string Host = "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com";

    public static readonly string[] Schemes = [SchemeIds.AppCode, SchemeIds.AppBasic, SchemeIds.AppSecret, SchemeIds.SignatureCa, SchemeIds.SignatureSdk];

    /// <summary>Credential headers for <paramref name="scheme"/> on the given wire path; signatures without a nonce (replay protection is off).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Headers(
        string scheme,
        string method,
        string wirePath,
        IReadOnlyList<KeyValuePair<string, string>> query,
        IReadOnlyList<KeyValuePair<string, string>> baseHeaders,
        DateTimeOffset now,
        string? token = null)
    {
        var credentials = scheme switch
        {
            SchemeIds.AppCode => SigningCredentials.ForAppCode(AppCode),
            SchemeIds.AppBasic => SigningCredentials.ForAppBasic(AppKey, AppSecret),
            SchemeIds.AppSecret => SigningCredentials.ForAppSecret(AppKey, AppSecret),
            SchemeIds.SignatureCa => SigningCredentials.ForSignatureCa(AppKey, AppSecret),
            SchemeIds.SignatureSdk => SigningCredentials.ForSignatureSdk(AppKey, AppSecret),
            SchemeIds.Token => SigningCredentials.ForToken(token ?? throw new ArgumentNullException(nameof(token), "The token scheme needs an issued token.")),
            _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Not a benchmarked scheme."),
        };
        return Headers(credentials, method, wirePath, query, baseHeaders, now);
    }

    /// <summary>The headers a client sends for <paramref name="credentials"/> on the given wire path.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Headers(
        SigningCredentials credentials,
        string method,
        string wirePath,
        IReadOnlyList<KeyValuePair<string, string>> query,
        IReadOnlyList<KeyValuePair<string, string>> baseHeaders,
        DateTimeOffset now)
    {
        var signed = new RequestSigner(new FixedTimeProvider(now)).Sign(
            new SignableRequest(method, wirePath, query, baseHeaders),
            credentials,
            new SigningOptions { Timestamp = now, Stage = "RELEASE" });
        // The client signer always adds a nonce; this API runs with replay protection off, and a nonce would be
        // ignored by the verifier in that mode, so it is kept — the request is byte-for-byte what a client sends.
        return signed;
    }
}
