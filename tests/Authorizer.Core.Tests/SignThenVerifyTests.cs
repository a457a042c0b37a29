using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Signing;
using Authorizer.Core.Tests.Support;
using Authorizer.Core.Tokens;
using static Authorizer.Core.Tests.Support.TestWorld;

namespace Authorizer.Core.Tests;

/// <summary>Every scheme signed by the client signer verifies in the engine; tampering with what is signed rejects.</summary>
public sealed class SignThenVerifyTests
{
    private const string Url = "http://127.0.0.1:3000/echo/%E5%8C%97%E4%BA%AC/x%20y?b=2&a=Zo%C3%AB+1&flag=";

    public static TheoryData<string, bool> AllSchemes => new()
    {
        { SchemeIds.AppCode, false },
        { SchemeIds.AppCode, true },
        { SchemeIds.SignatureCa, false },
        { SchemeIds.SignatureSdk, false },
        { SchemeIds.AppBasic, false },
        { SchemeIds.AppSecret, false },
        { SchemeIds.Token, false },
        { SchemeIds.Token, true },
    };

    [Theory]
    [MemberData(nameof(AllSchemes))]
    public async Task Request_signed_by_the_client_signer_is_allowed(string scheme, bool alternateHeader)
    {
        var tokens = new FakeTokenValidator().With("tok", TokenValidationResult.Success(AppId, "jti-1", VectorTime.AddHours(1)));
        var world = await CreateAsync(tokens);
        var request = world.Signed(Credentials(scheme), "POST", Url, [H("Accept", "application/json")], new SigningOptions { UseAlternateHeader = alternateHeader });

        var decision = await world.AuthorizeAsync(request);

        Assert.Equal(DecisionOutcome.Allow, decision.Outcome);
        Assert.Equal(scheme, decision.Principal!.Scheme);
        Assert.Equal(AppId, decision.Principal.AppId);
    }

    [Fact]
    public async Task Ca_signature_with_hmac_sha1_verifies_when_the_api_allows_it()
    {
        var world = await CreateAsync();
        await world.PutSettingsAsync(new ApiSettings { ApiId = ApiId, AllowHmacSha1 = true });
        var request = world.Signed(Credentials(SchemeIds.SignatureCa), "GET", Url, options: new SigningOptions { CaSignatureMethod = CaSignatureMethod.HmacSha1 });

        var decision = await world.AuthorizeAsync(request);

        Assert.Equal(DecisionOutcome.Allow, decision.Outcome);
    }

    [Fact]
    public async Task Ca_signature_with_hmac_sha1_is_refused_by_default()
    {
        var world = await CreateAsync();
        var request = world.Signed(Credentials(SchemeIds.SignatureCa), "GET", Url, options: new SigningOptions { CaSignatureMethod = CaSignatureMethod.HmacSha1 });

        var decision = await world.AuthorizeAsync(request);

        Assert.Equal(ErrorCodes.AlgorithmNotAllowed, decision.ErrorCode);
    }

    public static TheoryData<string, string> Tamperings => new()
    {
        { SchemeIds.SignatureCa, "method" },
        { SchemeIds.SignatureCa, "path" },
        { SchemeIds.SignatureCa, "query" },
        { SchemeIds.SignatureCa, "header" },
        { SchemeIds.SignatureCa, "timestamp" },
        { SchemeIds.SignatureSdk, "method" },
        { SchemeIds.SignatureSdk, "path" },
        { SchemeIds.SignatureSdk, "query" },
        { SchemeIds.SignatureSdk, "header" },
        { SchemeIds.SignatureSdk, "timestamp" },
    };

    [Theory]
    [MemberData(nameof(Tamperings))]
    public async Task Tampering_with_a_signed_part_rejects(string scheme, string part)
    {
        var world = await CreateAsync();
        var headers = new List<KeyValuePair<string, string>> { H("X-Tenant", "t1") };
        var signable = SignableRequest.FromUri("GET", new Uri("http://api.example.com/echo/a?x=1"), headers);
        var signed = signable.Headers.Concat(world.Signer.Sign(signable, Credentials(scheme), new SigningOptions { AdditionalSignedHeaders = ["x-tenant"] })).ToList();

        var method = part == "method" ? "DELETE" : "GET";
        var url = part switch
        {
            "path" => "http://api.example.com/echo/b?x=1",
            "query" => "http://api.example.com/echo/a?x=2",
            _ => "http://api.example.com/echo/a?x=1",
        };
        var sent = signed.Select(h => part switch
        {
            "header" when h.Key == "X-Tenant" => H(h.Key, "t2"),
            "timestamp" when h.Key == CaHeaders.Timestamp => H(h.Key, (VectorTime.ToUnixTimeMilliseconds() + 1000).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            "timestamp" when h.Key == SdkCanonicalizer.DateHeader => H(h.Key, SdkCanonicalizer.FormatDate(VectorTime.AddSeconds(1))),
            _ => h,
        }).ToList();

        var untouched = await world.AuthorizeAsync(Request("GET", "http://api.example.com/echo/a?x=1", signed));
        var decision = await (await CreateAsync()).AuthorizeAsync(Request(method, url, sent));

        Assert.Equal(DecisionOutcome.Allow, untouched.Outcome);
        Assert.Equal(DecisionOutcome.Deny, decision.Outcome);
        Assert.Equal(ErrorCodes.InvalidSignature, decision.ErrorCode);
    }

    [Fact]
    public async Task Sdk_signature_over_a_path_with_escapes_verifies_and_the_double_encoded_form_does_not()
    {
        var world = await CreateAsync();
        var request = world.Signed(Credentials(SchemeIds.SignatureSdk), "GET", "http://api.example.com/echo/%E5%8C%97%E4%BA%AC/x");

        Assert.Equal(DecisionOutcome.Allow, (await world.AuthorizeAsync(request)).Outcome);

        var doubleEncoded = Request("GET", "http://api.example.com/echo/%25E5%258C%2597%25E4%25BA%25AC/x", Headers(request));
        Assert.Equal(ErrorCodes.InvalidSignature, (await world.AuthorizeAsync(doubleEncoded)).ErrorCode);
    }

    private static List<KeyValuePair<string, string>> Headers(Requests.AuthRequest request) =>
        request.Headers.Names.SelectMany(n => request.Headers.GetAll(n).Select(v => H(n, v))).ToList();

    internal static SigningCredentials Credentials(string scheme) => scheme switch
    {
        SchemeIds.AppCode => SigningCredentials.ForAppCode(AppCode),
        SchemeIds.SignatureCa => SigningCredentials.ForSignatureCa(AppKey, AppSecret),
        SchemeIds.SignatureSdk => SigningCredentials.ForSignatureSdk(AppKey, AppSecret),
        SchemeIds.AppBasic => SigningCredentials.ForAppBasic(AppKey, AppSecret),
        SchemeIds.AppSecret => SigningCredentials.ForAppSecret(AppKey, AppSecret),
        _ => SigningCredentials.ForToken("tok"),
    };
}
