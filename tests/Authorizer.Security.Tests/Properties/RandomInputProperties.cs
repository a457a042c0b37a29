using System.Text;
using Authorizer.Core.Decisions;
using Authorizer.Core.Signing;
using Authorizer.Security.Tests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;

namespace Authorizer.Security.Tests.Properties;

/// <summary>
/// Credential parsers and the engine on random input: every answer is a decision (never an exception), never an
/// Allow, and no message repeats the secret-looking material that was sent.
/// </summary>
public sealed class RandomInputProperties
{
    public const int EngineCases = 40_000;
    public const int ParserCases = 10_000;

    private static readonly string[] CredentialHeaders =
    [
        "Authorization", "X-Apig-AppCode", "X-Ca-Key", "X-Ca-Signature", "X-Ca-Timestamp", "X-Ca-Nonce",
        "X-Ca-Signature-Headers", "X-Ca-Signature-Method", "X-Sdk-Date", "X-Sdk-Content-Sha256", "X-HW-ID",
        "X-HW-AppKey", "X-Auth-Token", "Host", "Content-Length", "Transfer-Encoding", "Accept", "x-tenant",
    ];

    private static readonly string[] Prefixes =
    [
        string.Empty, "APPCODE ", "appcode ", "Basic ", "Bearer ", "SDK-HMAC-SHA256 ", "SDK-HMAC-SHA256 Access=",
        "SDK-HMAC-SHA256 Access=203753391, SignedHeaders=", "SDK-HMAC-SHA256 Access=203753391, SignedHeaders=host;x-sdk-date, Signature=",
        "eyJhbGciOiJub25lIn0.", "eyJhbGciOiJFUzI1NiJ9.",
    ];

    private static readonly string[] Pieces =
    [
        "a", "Z", "0", "=", "==", ",", ";", ":", " ", "  ", "\t", "%", "%2F", "%E5", "%zz", "/", "..", ".", "+",
        "x-ca-key", "host", "x-ca-signature", "authorization", "HmacSHA1", "HmacSHA256", "MD5", "1795425600000",
        "-1", "99999999999999999999999", "20261123T092000Z", "20261341T999999Z", "\u0000", "\u007f", "北", "😀",
        "\ud800", "SECRETMARK", "QUFB", "eyJ", ".", "203753391",
    ];

    private static Gen<string> Garbage { get; } =
        from prefix in Gen.Elements(Prefixes)
        from count in Gen.Choose(0, 12)
        from pieces in Gen.ArrayOf(Gen.Elements(Pieces), count)
        select prefix + string.Concat(pieces);

    private static Gen<string> GarbagePath { get; } =
        from count in Gen.Choose(0, 10)
        from pieces in Gen.ArrayOf(Gen.Elements(Pieces), count)
        select "/" + string.Concat(pieces);

    private static Gen<List<KeyValuePair<string, string>>> GarbageHeaders { get; } =
        from count in Gen.Choose(0, 6)
        from names in Gen.ArrayOf(Gen.Elements(CredentialHeaders), count)
        from values in Gen.ArrayOf(Garbage, count)
        select names.Zip(values, (n, v) => new KeyValuePair<string, string>(n, v)).ToList();

    private static Gen<List<KeyValuePair<string, string>>> GarbageQuery { get; } =
        from count in Gen.Choose(0, 3)
        from names in Gen.ArrayOf(Gen.Elements("appcode", "appCode", "APPCODE", "APPCode", "q", string.Empty, "%"), count)
        from values in Gen.ArrayOf(Garbage, count)
        select names.Zip(values, (n, v) => new KeyValuePair<string, string>(n, v)).ToList();

    [Fact]
    public void Random_credentials_always_get_a_decision_and_never_an_allow()
    {
        var world = new EngineWorld(EngineWorld.Unthrottled);
        var generator =
            from method in Gen.Elements("GET", "POST", "CONNECT", "get", "X")
            from path in GarbagePath
            from headers in GarbageHeaders
            from query in GarbageQuery
            select (method, path, headers, query);
        Check.One(
            PropertyRun.Config(EngineCases, salt: 4),
            Prop.ForAll(generator.ToArbitrary(), input =>
            {
                var (method, path, headers, query) = input;
                var decision = world.Authorize(EngineWorld.Request(method, path, query, headers));
                if (decision.Outcome == DecisionOutcome.Allow)
                {
                    Assert.Fail($"random input allowed: {method} {path} {string.Join("; ", headers)}");
                }

                if (decision.ErrorMessage is { } message
                    && (message.Contains("SECRETMARK", StringComparison.Ordinal) || message.Contains(CorpusSecrets.AppSecret, StringComparison.Ordinal)))
                {
                    Assert.Fail($"message echoes secret material: {message}");
                }
            }));
    }

    [Fact]
    public void Canonicalizers_and_header_parsers_never_throw_on_random_text()
    {
        Check.One(
            PropertyRun.Config(ParserCases, salt: 5),
            Prop.ForAll(Gen.Zip(Garbage, GarbagePath).ToArbitrary(), input =>
            {
                var (text, path) = input;
                _ = SdkCanonicalizer.TryParseAuthorization(text, out _);
                _ = SdkCanonicalizer.TryParseDate(text, out _);
                _ = CaCanonicalizer.ParseSignedHeaderNames(text);
                _ = CaCanonicalizer.TryParseMethod(text, out _);
                _ = SdkCanonicalizer.CanonicalUri(path);
                _ = SdkCanonicalizer.CanonicalQuery([new(text, text)]);
                _ = CaCanonicalizer.BuildPathAndParameters(path, [new(text, text)]);
                _ = SignableRequest.ParseQuery(text);
                _ = Encoding.UTF8.GetByteCount(text);
            }));
    }
}
