using System.Text;
using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Requests;
using Authorizer.Core.Signing;
using Authorizer.Core.Tests.Support;
using Authorizer.Core.Verification;
using static Authorizer.Core.Tests.Support.TestWorld;

namespace Authorizer.Core.Tests;

/// <summary>
/// <c>bodySignatures</c>: a signature over a body the authorizer never receives is refused by default; with
/// <c>backend</c> it passes every other check and is allowed for that request only, and
/// <see cref="BodySignatureVerifier"/> completes it with the body.
/// </summary>
public sealed class BodySignatureDeferralTests
{
    private const string Url = "https://api.example.com/echo/orders?dryRun=true";
    private const string Json = "{\"id\":9,\"city\":\"北京\"}";
    private const string Form = "item=book&qty=2&note=a%20b+c";

    private static readonly ApiSettings Backend = new() { ApiId = ApiId, BodySignatures = BodySignatureMode.Backend };

    /// <summary>Signed as the official Huawei SDK signs JSON: the body's hash inside the signature, no X-Sdk-Content-Sha256.</summary>
    private static (AuthRequest Request, byte[] Body) SdkJson(TestWorld world, string body = Json, string url = Url, string method = "POST")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var headers = new List<KeyValuePair<string, string>> { H("Content-Type", "application/json"), H("Content-Length", bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        var signable = SignableRequest.FromUri(method, new Uri(url), headers) with { Body = bytes };
        var signed = world.Signer.Sign(signable, SigningCredentials.ForSignatureSdk(AppKey, AppSecret), new SigningOptions { SdkBodyInSignature = true });
        return (Request(method, url, [.. signable.Headers, .. signed]), bytes);
    }

    /// <summary>Signed as aliyun-api-gateway signs a form: the fields join the query in the string to sign.</summary>
    private static (AuthRequest Request, byte[] Body) CaForm(TestWorld world, string body = Form)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var headers = new List<KeyValuePair<string, string>>
        {
            H("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8"),
            H("Content-Length", bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        var signable = SignableRequest.FromUri("POST", new Uri(Url), headers) with { Body = bytes };
        var signed = world.Signer.Sign(signable, SigningCredentials.ForSignatureCa(AppKey, AppSecret));
        return (Request("POST", Url, [.. signable.Headers, .. signed]), bytes);
    }

    private static BodySignatureVerifier Completer(TestWorld world) => new(world.Directory, world.Clock);

    [Fact]
    public async Task Huawei_json_signature_without_content_sha256_is_refused_by_default()
    {
        var world = await CreateAsync();
        var (request, _) = SdkJson(world);

        var decision = await world.AuthorizeAsync(request);

        Assert.Equal(DecisionOutcome.Deny, decision.Outcome);
        Assert.Equal(ErrorCodes.InvalidSignature, decision.ErrorCode);
    }

    [Fact]
    public async Task Huawei_json_signature_is_deferred_for_exactly_this_request_when_the_api_says_backend()
    {
        var world = await CreateAsync();
        await world.PutSettingsAsync(Backend);
        var (request, _) = SdkJson(world);

        var decision = await world.AuthorizeAsync(request);

        Assert.Equal(DecisionOutcome.Allow, decision.Outcome);
        Assert.Equal(SchemeIds.SignatureSdk, decision.Principal!.DeferredScheme);
        Assert.Equal([request.Target.Arn], decision.Resources);
        Assert.Empty(decision.DeniedResources);
    }

    [Fact]
    public async Task A_signature_the_authorizer_verified_carries_no_deferral()
    {
        var world = await CreateAsync();
        await world.PutSettingsAsync(Backend);
        var request = world.Signed(SigningCredentials.ForSignatureSdk(AppKey, AppSecret), "GET", Url);

        var decision = await world.AuthorizeAsync(request);

        Assert.Equal(DecisionOutcome.Allow, decision.Outcome);
        Assert.Null(decision.Principal!.DeferredScheme);
    }

    [Fact]
    public async Task Alibaba_form_signature_is_refused_by_default_and_deferred_under_backend()
    {
        var world = await CreateAsync();
        var (request, _) = CaForm(world);

        var refused = await world.AuthorizeAsync(request);
        await world.PutSettingsAsync(Backend);
        var (again, _) = CaForm(world);
        var deferred = await world.AuthorizeAsync(again);

        Assert.Equal(ErrorCodes.InvalidSignature, refused.ErrorCode);
        Assert.Equal(DecisionOutcome.Allow, deferred.Outcome);
        Assert.Equal(SchemeIds.SignatureCa, deferred.Principal!.DeferredScheme);
        Assert.Equal([again.Target.Arn], deferred.Resources);
    }

    [Fact]
    public async Task A_deferred_signature_still_needs_a_known_app_key()
    {
        var world = await CreateAsync();
        await world.PutSettingsAsync(Backend);
        var bytes = Encoding.UTF8.GetBytes(Json);
        var signable = SignableRequest.FromUri("POST", new Uri(Url), [H("Content-Type", "application/json"), H("Content-Length", "26")]) with { Body = bytes };
        var signed = world.Signer.Sign(signable, SigningCredentials.ForSignatureSdk("unknown-key", AppSecret), new SigningOptions { SdkBodyInSignature = true });

        var decision = await world.AuthorizeAsync(Request("POST", Url, [.. signable.Headers, .. signed]));

        Assert.Equal(ErrorCodes.UnknownApp, decision.ErrorCode);
    }

    [Fact]
    public async Task A_deferred_signature_still_needs_the_timestamp_window()
    {
        var world = await CreateAsync();
        await world.PutSettingsAsync(Backend);
        var (request, _) = SdkJson(world);
        world.Clock.Advance(TimeSpan.FromMinutes(16));

        var decision = await world.AuthorizeAsync(request);

        Assert.Equal(ErrorCodes.TimestampExpired, decision.ErrorCode);
    }

    [Fact]
    public async Task A_deferred_signature_still_needs_an_enabled_app()
    {
        var world = await CreateAsync();
        await world.PutSettingsAsync(Backend);
        var app = await world.Store.GetAppAsync(AppId);
        await world.Store.UpdateAppAsync(app! with { Status = AppStatus.Disabled }, app!.Version);
        var (request, _) = SdkJson(world);

        var decision = await world.AuthorizeAsync(request);

        Assert.Equal(ErrorCodes.AppDisabled, decision.ErrorCode);
    }

    [Fact]
    public async Task A_deferred_signature_still_needs_a_route_grant()
    {
        var world = await CreateAsync(grant: false);
        await world.PutSettingsAsync(Backend);
        var (request, _) = SdkJson(world);

        var decision = await world.AuthorizeAsync(request);

        Assert.Equal(ErrorCodes.NotAuthorized, decision.ErrorCode);
    }

    [Fact]
    public async Task A_deferred_signature_is_recorded_once_under_required_replay_protection()
    {
        var world = await CreateAsync();
        await world.PutSettingsAsync(Backend with { ReplayProtection = ReplayProtection.Required });
        var (request, body) = SdkJson(world);

        var first = await world.AuthorizeAsync(request);
        var completed = await Completer(world).VerifyAsync(request, body, SchemeIds.SignatureSdk, AppId);
        var replayed = await world.AuthorizeAsync(request);

        Assert.Equal(DecisionOutcome.Allow, first.Outcome);
        Assert.True(completed.IsValid, completed.Message);
        Assert.Equal(ErrorCodes.NonceUsed, replayed.ErrorCode);
        Assert.Equal(2, world.Store.NonceWrites);
    }

    [Fact]
    public async Task The_cached_authorizer_never_defers()
    {
        var world = await CreateAsync(options: AuthorizerOptions.Default with { ServesResultCache = true });
        await world.PutSettingsAsync(Backend);
        var (request, _) = SdkJson(world);

        var decision = await world.AuthorizeAsync(request);

        Assert.Equal(DecisionOutcome.Deny, decision.Outcome);
        Assert.Equal(ErrorCodes.SchemeNotCacheable, decision.ErrorCode);
    }

    [Fact]
    public async Task The_backend_completes_a_huawei_json_signature_with_the_body()
    {
        var world = await CreateAsync();
        await world.PutSettingsAsync(Backend);
        var (request, body) = SdkJson(world);

        var result = await Completer(world).VerifyAsync(request, body, SchemeIds.SignatureSdk, AppId);

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(AppId, result.AppId);
    }

    [Fact]
    public async Task The_backend_refuses_a_huawei_json_body_changed_by_one_byte()
    {
        var world = await CreateAsync();
        await world.PutSettingsAsync(Backend);
        var (request, body) = SdkJson(world);
        body[^2] = (byte)'X';

        var result = await Completer(world).VerifyAsync(request, body, SchemeIds.SignatureSdk, AppId);

        Assert.False(result.IsValid);
        Assert.Equal(ErrorCodes.InvalidSignature, result.ErrorCode);
    }

    [Fact]
    public async Task The_backend_completes_an_alibaba_form_signature_and_refuses_a_changed_field()
    {
        var world = await CreateAsync();
        await world.PutSettingsAsync(Backend);
        var (request, body) = CaForm(world);

        var valid = await Completer(world).VerifyAsync(request, body, SchemeIds.SignatureCa, AppId);
        var tampered = await Completer(world).VerifyAsync(request, Encoding.UTF8.GetBytes(Form.Replace("qty=2", "qty=9", StringComparison.Ordinal)), SchemeIds.SignatureCa, AppId);

        Assert.True(valid.IsValid, valid.Message);
        Assert.Equal(ErrorCodes.InvalidSignature, tampered.ErrorCode);
    }

    [Fact]
    public async Task The_backend_refuses_a_signature_of_another_app_than_the_one_let_in()
    {
        var world = await CreateAsync();
        var (request, body) = SdkJson(world);

        var result = await Completer(world).VerifyAsync(request, body, SchemeIds.SignatureSdk, "app-other");

        Assert.Equal(ErrorCodes.InvalidCredentials, result.ErrorCode);
    }

    [Fact]
    public async Task The_backend_refuses_a_credential_of_another_scheme_than_the_one_deferred()
    {
        var world = await CreateAsync();
        var (request, body) = SdkJson(world);

        var result = await Completer(world).VerifyAsync(request, body, SchemeIds.SignatureCa, AppId);

        Assert.Equal(ErrorCodes.InvalidCredentials, result.ErrorCode);
    }

    [Fact]
    public async Task The_backend_refuses_a_deferral_of_a_scheme_without_a_body_signature()
    {
        var world = await CreateAsync();
        var (request, body) = SdkJson(world);

        var result = await Completer(world).VerifyAsync(request, body, SchemeIds.AppCode, AppId);

        Assert.Equal(ErrorCodes.UnsupportedScheme, result.ErrorCode);
    }

    [Fact]
    public async Task The_backend_checks_the_timestamp_window_again()
    {
        var world = await CreateAsync();
        var (request, body) = SdkJson(world);
        world.Clock.Advance(TimeSpan.FromMinutes(16));

        var result = await Completer(world).VerifyAsync(request, body, SchemeIds.SignatureSdk, AppId);

        Assert.Equal(ErrorCodes.TimestampExpired, result.ErrorCode);
    }

    [Fact]
    public void The_client_signer_signs_the_body_hash_only_when_asked()
    {
        var bytes = Encoding.UTF8.GetBytes(Json);
        var signable = SignableRequest.FromUri("POST", new Uri(Url), [H("Content-Type", "application/json")]) with { Body = bytes };
        var signer = new RequestSigner(new FakeTimeProvider(SdkVectorTime));
        var credentials = SigningCredentials.ForSignatureSdk(AppKey, AppSecret);

        var inside = signer.Sign(signable, credentials, new SigningOptions { SdkBodyInSignature = true }).Single(h => h.Key == "Authorization").Value;
        var outside = signer.Sign(signable, credentials).Single(h => h.Key == "Authorization").Value;

        Assert.NotEqual(inside, outside);
    }
}
