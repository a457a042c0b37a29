using System.Text;
using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Signing;
using Authorizer.Core.Tests.Support;
using Authorizer.Core.Tokens;
using static Authorizer.Core.Tests.Support.TestWorld;

namespace Authorizer.Core.Tests;

/// <summary>docs/authentication.md §2: Unauthorized when no credential, Deny with a stable code per reason, Allow with the principal.</summary>
public sealed class OutcomeTests
{
    private const string Url = "http://api.example.com/echo/a";

    private static SigningCredentials Ca => SigningCredentials.ForSignatureCa(AppKey, AppSecret);

    private static SigningCredentials Sdk => SigningCredentials.ForSignatureSdk(AppKey, AppSecret);

    [Fact]
    public async Task No_credential_is_unauthorized()
    {
        var world = await CreateAsync();

        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("Accept", "*/*")]));

        Assert.Equal(DecisionOutcome.Unauthorized, decision.Outcome);
        Assert.Empty(decision.Resources);
    }

    [Fact]
    public async Task Authorization_with_an_unknown_scheme_word_is_denied()
    {
        var world = await CreateAsync();

        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", "Digest abc")]));

        Assert.Equal(DecisionOutcome.Deny, decision.Outcome);
        Assert.Equal(ErrorCodes.UnsupportedScheme, decision.ErrorCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("SDK-HMAC-SHA256 Access=1, SignedHeaders=host, Signature=00")]
    [InlineData("Negotiate abc")]
    public async Task Token_event_without_a_supported_credential_is_unauthorized(string? token)
    {
        var world = await CreateAsync();

        var decision = await world.AuthorizeAsync(TokenEvent(token));

        Assert.Equal(DecisionOutcome.Unauthorized, decision.Outcome);
    }

    [Fact]
    public async Task Allow_carries_the_principal_and_every_granted_resource()
    {
        var world = await CreateAsync(grant: false);
        await world.GrantAsync("auth-a", AppId, ApiId, Stage, [new RouteGrant("GET", "/echo/{id}"), new RouteGrant("POST", "/orders")]);
        await world.GrantAsync("auth-b", AppId, "*", "*", [new RouteGrant("*", "/health")], createdAt: VectorTime.AddMinutes(1));

        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", "APPCODE " + AppCode)]));

        Assert.Equal(DecisionOutcome.Allow, decision.Outcome);
        Assert.Equal(new AuthPrincipal(AppId, AppName, AppKey, SchemeIds.AppCode, "auth-a", UsagePlanKey), decision.Principal);
        const string prefix = "arn:aws:execute-api:us-east-1:123456789012:api123/Prod/";
        string[] anyMethod = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
        Assert.Equal([prefix + "GET/echo/*", prefix + "POST/orders", .. anyMethod.Select(m => prefix + m + "/health")], decision.Resources);
        Assert.Equal([prefix + "GET/echo/*/*", prefix + "GET/echo/"], decision.DeniedResources);
    }

    [Theory]
    [InlineData("APPCODE")]
    [InlineData("Basic")]
    [InlineData("Bearer")]
    public async Task Token_event_schemes_are_allowed(string word)
    {
        var tokens = new FakeTokenValidator().With("tok", TokenValidationResult.Success(AppId, "j", VectorTime.AddHours(1)));
        var world = await CreateAsync(tokens);
        var value = word switch
        {
            "APPCODE" => "APPCODE " + AppCode,
            "Basic" => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(AppKey + ":" + AppSecret)),
            _ => "Bearer tok",
        };

        var decision = await world.AuthorizeAsync(TokenEvent(value));

        Assert.Equal(DecisionOutcome.Allow, decision.Outcome);
    }

    public static TheoryData<string, string[]> AmbiguousCases => new()
    {
        { "appcode+basic", ["Authorization", "APPCODE " + AppCode, "X-HW-ID", AppKey, "X-HW-AppKey", AppSecret] },
        { "two-authorization", ["Authorization", "APPCODE " + AppCode, "Authorization", "APPCODE " + AppCode] },
        { "appcode-header-twice", ["Authorization", "APPCODE " + AppCode, "X-Apig-AppCode", AppCode] },
        { "x-apig-appcode-twice", ["X-Apig-AppCode", AppCode, "X-Apig-AppCode", AppCode] },
        { "x-ca-signature-twice", ["X-Ca-Key", AppKey, "X-Ca-Signature", "a", "X-Ca-Signature", "b"] },
        { "x-ca-key-twice", ["X-Ca-Key", AppKey, "X-Ca-Key", "other", "X-Ca-Signature", "a"] },
        { "token-twice", ["X-Auth-Token", "t", "Authorization", "Bearer t"] },
        { "ca+appcode", ["X-Ca-Key", AppKey, "X-Ca-Signature", "a", "X-Apig-AppCode", AppCode] },
        { "hw-id-twice", ["X-HW-ID", AppKey, "X-HW-ID", AppKey, "X-HW-AppKey", AppSecret] },
        { "http-api-joined-authorization", ["authorization", "APPCODE " + AppCode + ",Bearer abc"] },
        { "http-api-joined-appcode", ["x-apig-appcode", AppCode + "," + AppCode] },
        { "http-api-joined-token", ["x-auth-token", "a,b"] },
    };

    [Theory]
    [MemberData(nameof(AmbiguousCases))]
    public async Task Two_credentials_are_ambiguous(string name, string[] headerPairs)
    {
        var world = await CreateAsync();
        var headers = headerPairs.Chunk(2).Select(p => H(p[0], p[1])).ToList();

        var decision = await world.AuthorizeAsync(Request("GET", Url, headers));

        Assert.True(decision.Outcome == DecisionOutcome.Deny, name);
        Assert.Equal(ErrorCodes.AmbiguousCredentials, decision.ErrorCode);
        Assert.Equal([Request("GET", Url).Target.Arn], decision.Resources);
    }

    [Theory]
    [InlineData(AppCodeLocation.Header)]
    [InlineData(AppCodeLocation.HeaderAndQuery)]
    public async Task Header_and_query_appcode_together_are_ambiguous(AppCodeLocation location)
    {
        var world = await CreateAsync();
        await world.PutSettingsAsync(new ApiSettings { ApiId = ApiId, AppCodeLocation = location });

        var decision = await world.AuthorizeAsync(Request("GET", Url + "?appCode=" + AppCode, [H("X-Apig-AppCode", AppCode)]));

        Assert.Equal(ErrorCodes.AmbiguousCredentials, decision.ErrorCode);
    }

    [Theory]
    [InlineData("appcode")]
    [InlineData("appCode")]
    [InlineData("APPCODE")]
    [InlineData("APPCode")]
    public async Task Query_appcode_is_accepted_when_the_api_allows_the_query(string name)
    {
        var world = await CreateAsync();
        await world.PutSettingsAsync(new ApiSettings { ApiId = ApiId, AppCodeLocation = AppCodeLocation.HeaderAndQuery });

        var decision = await world.AuthorizeAsync(Request("GET", $"{Url}?{name}={AppCode}"));

        Assert.Equal(DecisionOutcome.Allow, decision.Outcome);
    }

    [Fact]
    public async Task Query_appcode_is_refused_when_the_api_does_not_allow_the_query()
    {
        var world = await CreateAsync();

        var decision = await world.AuthorizeAsync(Request("GET", $"{Url}?appcode={AppCode}"));

        Assert.Equal(ErrorCodes.SchemeNotAllowed, decision.ErrorCode);
        Assert.Contains("query", decision.ErrorMessage, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(AppCode, decision.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scheme_not_in_the_api_settings_is_refused()
    {
        var world = await CreateAsync();
        await world.PutSettingsAsync(new ApiSettings { ApiId = ApiId, AllowedSchemes = [SchemeIds.SignatureCa] });

        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", "APPCODE " + AppCode)]));

        Assert.Equal(ErrorCodes.SchemeNotAllowed, decision.ErrorCode);
        Assert.Equal(SchemeIds.AppCode, decision.Scheme);
    }

    [Fact]
    public async Task Default_settings_record_applies_to_apis_without_their_own()
    {
        var world = await CreateAsync();
        await world.PutSettingsAsync(new ApiSettings { ApiId = ApiSettings.DefaultApiId, AllowedSchemes = [SchemeIds.SignatureSdk] });

        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", "APPCODE " + AppCode)]));

        Assert.Equal(ErrorCodes.SchemeNotAllowed, decision.ErrorCode);
    }

    [Fact]
    public async Task Token_without_a_configured_validator_is_refused()
    {
        var world = await CreateAsync(tokens: null);

        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", "Bearer abc")]));

        Assert.Equal(ErrorCodes.SchemeNotAllowed, decision.ErrorCode);
    }

    [Fact]
    public async Task Unknown_appcode_is_invalid()
    {
        var world = await CreateAsync();

        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("X-Apig-AppCode", "not-a-code")]));

        Assert.Equal(ErrorCodes.InvalidAppCode, decision.ErrorCode);
        Assert.DoesNotContain("not-a-code", decision.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Second_active_appcode_also_works()
    {
        var world = await CreateAsync();
        const string second = "second-code-0123456789abcdef0123456789abcdef";
        await world.Store.AddAppCodeAsync(new AppCodeRecord("c2", AppId, Secrets.AppCodeHasher.Hash(second), "cdef", VectorTime));

        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", "appcode " + second)]));

        Assert.Equal(DecisionOutcome.Allow, decision.Outcome);
    }

    [Fact]
    public async Task Wrong_ca_signature_is_invalid_and_shows_the_server_string_to_sign()
    {
        var world = await CreateAsync();
        var request = world.Signed(Ca, "GET", Url);
        var tampered = Request("GET", Url + "?x=1", HeadersOf(request));

        var decision = await world.AuthorizeAsync(tampered);

        Assert.Equal(ErrorCodes.InvalidSignature, decision.ErrorCode);
        Assert.StartsWith("Invalid Signature, Server StringToSign:`GET#", decision.ErrorMessage, StringComparison.Ordinal);
        Assert.EndsWith("#/echo/a?x=1`", decision.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(request.Headers.GetFirst(CaHeaders.Signature)!, decision.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(AppSecret, decision.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Form_body_signature_failure_says_form_parameters_cannot_be_verified()
    {
        var world = await CreateAsync();
        var request = world.Signed(Ca, "POST", Url, [H("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")]);
        var headers = HeadersOf(request).Select(h => h.Key == CaHeaders.Signature ? H(h.Key, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=") : h).ToList();

        var decision = await world.AuthorizeAsync(Request("POST", Url, headers));

        Assert.Equal(ErrorCodes.InvalidSignature, decision.ErrorCode);
        Assert.Contains("form body parameters", decision.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("cannot be verified", decision.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sdk_request_with_a_body_but_no_content_sha256_says_so()
    {
        var world = await CreateAsync();
        var request = world.Signed(Sdk, "POST", Url, [H("Content-Length", "17")]);

        var decision = await world.AuthorizeAsync(request);

        Assert.Equal(ErrorCodes.InvalidSignature, decision.ErrorCode);
        Assert.Contains("X-Sdk-Content-Sha256", decision.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sdk_request_with_an_empty_body_needs_no_content_sha256()
    {
        var world = await CreateAsync();
        var request = world.Signed(Sdk, "POST", Url, [H("Content-Length", "0")]);

        Assert.Equal(DecisionOutcome.Allow, (await world.AuthorizeAsync(request)).Outcome);
    }

    [Fact]
    public async Task Wrong_sdk_signature_is_invalid()
    {
        var world = await CreateAsync();
        var request = world.Signed(Sdk, "GET", Url);
        var authorization = request.Headers.GetFirst("Authorization")!;
        var flipped = authorization[..^1] + (authorization[^1] == '0' ? '1' : '0');
        var headers = HeadersOf(request).Select(h => h.Key == "Authorization" ? H(h.Key, flipped) : h).ToList();

        var decision = await world.AuthorizeAsync(Request("GET", Url, headers));

        Assert.Equal(ErrorCodes.InvalidSignature, decision.ErrorCode);
        Assert.DoesNotContain(authorization[^64..], decision.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SDK-HMAC-SHA256 Access=203753391")]
    [InlineData("SDK-HMAC-SHA256 Access=203753391, SignedHeaders=, Signature=00")]
    [InlineData("SDK-HMAC-SHA256 garbage")]
    public async Task Malformed_sdk_authorization_is_invalid_credentials(string value)
    {
        var world = await CreateAsync();

        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", value), H("X-Sdk-Date", "20261123T092000Z"), H("Host", "api.example.com")]));

        Assert.Equal(ErrorCodes.InvalidCredentials, decision.ErrorCode);
    }

    [Theory]
    [InlineData("Basic !!!notbase64")]
    [InlineData("Basic bm9jb2xvbg==")]
    [InlineData("Basic OnNlY3JldA==")]
    [InlineData("Basic ")]
    public async Task Bad_basic_credentials_are_invalid(string value)
    {
        var world = await CreateAsync();

        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", value)]));

        Assert.Equal(ErrorCodes.InvalidCredentials, decision.ErrorCode);
    }

    [Fact]
    public async Task Basic_secret_may_contain_colons_because_only_the_first_splits()
    {
        var world = await CreateAsync();
        await world.AddAppAsync("app-2", "key-2", [("se:cr:et", null)]);
        await world.GrantAsync("auth-2", "app-2", "*", "*", [new RouteGrant("*", "/*")]);

        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("key-2:se:cr:et")))]));

        Assert.Equal(DecisionOutcome.Allow, decision.Outcome);
    }

    [Theory]
    [InlineData(SchemeIds.AppBasic)]
    [InlineData(SchemeIds.AppSecret)]
    public async Task Wrong_secret_is_invalid_credentials(string scheme)
    {
        var world = await CreateAsync();
        var credentials = scheme == SchemeIds.AppBasic ? SigningCredentials.ForAppBasic(AppKey, "wrong") : SigningCredentials.ForAppSecret(AppKey, "wrong");

        var decision = await world.AuthorizeAsync(world.Signed(credentials, "GET", Url));

        Assert.Equal(ErrorCodes.InvalidCredentials, decision.ErrorCode);
        Assert.DoesNotContain("wrong", decision.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("X-HW-ID", AppKey)]
    [InlineData("X-HW-AppKey", AppSecret)]
    public async Task App_secret_half_pair_is_denied(string name, string value)
    {
        var world = await CreateAsync();

        var decision = await world.AuthorizeAsync(Request("GET", Url, [H(name, value)]));

        Assert.Equal(DecisionOutcome.Deny, decision.Outcome);
        Assert.Equal(ErrorCodes.InvalidCredentials, decision.ErrorCode);
    }

    [Fact]
    public async Task Ca_key_without_signature_is_denied()
    {
        var world = await CreateAsync();

        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("X-Ca-Key", AppKey)]));

        Assert.Equal(ErrorCodes.InvalidSignature, decision.ErrorCode);
    }

    public static TheoryData<string> KeySchemes => [SchemeIds.SignatureCa, SchemeIds.SignatureSdk, SchemeIds.AppBasic, SchemeIds.AppSecret];

    [Theory]
    [MemberData(nameof(KeySchemes))]
    public async Task Unknown_app_key_is_unknown_app(string scheme)
    {
        var world = await CreateAsync();
        var credentials = new SigningCredentials { Scheme = scheme, AppKey = "999999", AppSecret = AppSecret };

        var decision = await world.AuthorizeAsync(world.Signed(credentials, "GET", Url));

        Assert.Equal(ErrorCodes.UnknownApp, decision.ErrorCode);
    }

    [Theory]
    [MemberData(nameof(SignThenVerifyTests.AllSchemes), MemberType = typeof(SignThenVerifyTests))]
    public async Task Disabled_app_is_denied_after_verification(string scheme, bool alternate)
    {
        var tokens = new FakeTokenValidator().With("tok", TokenValidationResult.Success(AppId, "j", VectorTime.AddHours(1)));
        var world = await CreateAsync(tokens);
        var app = (await world.Store.GetAppAsync(AppId))!;
        await world.Store.UpdateAppAsync(app with { Status = AppStatus.Disabled }, app.Version);

        var decision = await world.AuthorizeAsync(world.Signed(SignThenVerifyTests.Credentials(scheme), "GET", Url, options: new SigningOptions { UseAlternateHeader = alternate }));

        Assert.Equal(ErrorCodes.AppDisabled, decision.ErrorCode);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("99999999999999999999999")]
    public async Task Unparseable_ca_timestamp_is_invalid(string timestamp)
    {
        var world = await CreateAsync();
        var headers = HeadersOf(world.Signed(Ca, "GET", Url)).Select(h => h.Key == CaHeaders.Timestamp ? H(h.Key, timestamp) : h).ToList();

        var decision = await world.AuthorizeAsync(Request("GET", Url, headers));

        Assert.Equal(ErrorCodes.InvalidTimestamp, decision.ErrorCode);
    }

    [Theory]
    [InlineData("2026-11-23T09:20:00Z")]
    [InlineData("20261123T0920Z")]
    [InlineData("")]
    public async Task Unparseable_sdk_date_is_invalid(string date)
    {
        var world = await CreateAsync();
        var headers = HeadersOf(world.Signed(Sdk, "GET", Url)).Select(h => h.Key == SdkCanonicalizer.DateHeader ? H(h.Key, date) : h).ToList();

        var decision = await world.AuthorizeAsync(Request("GET", Url, headers));

        Assert.Equal(ErrorCodes.InvalidTimestamp, decision.ErrorCode);
    }

    [Theory]
    [InlineData(SchemeIds.SignatureCa, -16)]
    [InlineData(SchemeIds.SignatureCa, 16)]
    [InlineData(SchemeIds.SignatureSdk, -16)]
    [InlineData(SchemeIds.SignatureSdk, 16)]
    public async Task Timestamp_outside_fifteen_minutes_is_expired(string scheme, int minutes)
    {
        var world = await CreateAsync();
        var request = world.Signed(SignThenVerifyTests.Credentials(scheme), "GET", Url, options: new SigningOptions { Timestamp = VectorTime.AddMinutes(minutes) });

        var decision = await world.AuthorizeAsync(request);

        Assert.Equal(ErrorCodes.TimestampExpired, decision.ErrorCode);
    }

    [Theory]
    [InlineData(SchemeIds.SignatureCa)]
    [InlineData(SchemeIds.SignatureSdk)]
    public async Task Timestamp_fourteen_minutes_off_is_accepted(string scheme)
    {
        var world = await CreateAsync();
        var request = world.Signed(SignThenVerifyTests.Credentials(scheme), "GET", Url, options: new SigningOptions { Timestamp = VectorTime.AddMinutes(-14) });

        Assert.Equal(DecisionOutcome.Allow, (await world.AuthorizeAsync(request)).Outcome);
    }

    [Fact]
    public async Task Missing_nonce_is_refused_when_replay_protection_is_required()
    {
        var world = await CreateAsync();
        await world.PutSettingsAsync(new ApiSettings { ApiId = ApiId, ReplayProtection = ReplayProtection.Required });
        var headers = HeadersOf(world.Signed(Ca, "GET", Url)).Where(h => h.Key != CaHeaders.Nonce).ToList();

        var decision = await world.AuthorizeAsync(Request("GET", Url, headers));

        Assert.Equal(ErrorCodes.NonceRequired, decision.ErrorCode);
    }

    [Fact]
    public async Task Nonce_longer_than_64_characters_is_invalid()
    {
        var world = await CreateAsync();

        var decision = await world.AuthorizeAsync(world.Signed(Ca, "GET", Url, options: new SigningOptions { Nonce = new string('n', 65) }));

        Assert.Equal(ErrorCodes.InvalidNonce, decision.ErrorCode);
    }

    [Fact]
    public async Task Reused_nonce_is_refused_and_a_new_one_accepted()
    {
        var world = await CreateAsync();
        var first = world.Signed(Ca, "GET", Url, options: new SigningOptions { Nonce = "n-1" });
        var again = world.Signed(Ca, "GET", Url, options: new SigningOptions { Nonce = "n-1" });
        var fresh = world.Signed(Ca, "GET", Url, options: new SigningOptions { Nonce = "n-2" });

        Assert.Equal(DecisionOutcome.Allow, (await world.AuthorizeAsync(first)).Outcome);
        Assert.Equal(ErrorCodes.NonceUsed, (await world.AuthorizeAsync(again)).ErrorCode);
        Assert.Equal(DecisionOutcome.Allow, (await world.AuthorizeAsync(fresh)).Outcome);
    }

    [Fact]
    public async Task Nonce_is_not_recorded_when_the_signature_is_wrong()
    {
        var world = await CreateAsync();
        var wrong = world.Signed(SigningCredentials.ForSignatureCa(AppKey, "not-the-secret"), "GET", Url, options: new SigningOptions { Nonce = "n-1" });

        Assert.Equal(ErrorCodes.InvalidSignature, (await world.AuthorizeAsync(wrong)).ErrorCode);
        Assert.Equal(0, world.Store.NonceWrites);
    }

    [Fact]
    public async Task Nonces_are_not_tracked_when_replay_protection_is_off()
    {
        var world = await CreateAsync();
        await world.PutSettingsAsync(new ApiSettings { ApiId = ApiId, ReplayProtection = ReplayProtection.Off });
        var request = world.Signed(Ca, "GET", Url, options: new SigningOptions { Nonce = "n-1" });

        Assert.Equal(DecisionOutcome.Allow, (await world.AuthorizeAsync(request)).Outcome);
        Assert.Equal(DecisionOutcome.Allow, (await world.AuthorizeAsync(request)).Outcome);
    }

    [Fact]
    public async Task Unknown_signature_method_is_not_allowed()
    {
        var world = await CreateAsync();
        var headers = HeadersOf(world.Signed(Ca, "GET", Url)).Select(h => h.Key == CaHeaders.SignatureMethod ? H(h.Key, "HmacMD5") : h).ToList();

        var decision = await world.AuthorizeAsync(Request("GET", Url, headers));

        Assert.Equal(ErrorCodes.AlgorithmNotAllowed, decision.ErrorCode);
    }

    [Fact]
    public async Task Signed_header_missing_from_the_request_fails()
    {
        var world = await CreateAsync();
        var headers = HeadersOf(world.Signed(Ca, "GET", Url, [H("X-Tenant", "t1")], new SigningOptions { AdditionalSignedHeaders = ["X-Tenant"] }))
            .Where(h => h.Key != "X-Tenant").ToList();

        var decision = await world.AuthorizeAsync(Request("GET", Url, headers));

        Assert.Equal(ErrorCodes.MissingSignedHeader, decision.ErrorCode);
        Assert.Contains("x-tenant", decision.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsigned_ca_timestamp_fails()
    {
        var world = await CreateAsync();
        var headers = HeadersOf(world.Signed(Ca, "GET", Url))
            .Select(h => h.Key == CaHeaders.SignatureHeaders ? H(h.Key, "x-ca-key,x-ca-nonce") : h).ToList();

        var decision = await world.AuthorizeAsync(Request("GET", Url, headers));

        Assert.Equal(ErrorCodes.MissingSignedHeader, decision.ErrorCode);
    }

    [Fact]
    public async Task Sdk_signature_without_host_fails()
    {
        var world = await CreateAsync();
        var authorization = "SDK-HMAC-SHA256 Access=203753391, SignedHeaders=x-sdk-date, Signature=" + new string('0', 64);

        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", authorization), H("X-Sdk-Date", "20261123T092000Z"), H("Host", "api.example.com")]));

        Assert.Equal(ErrorCodes.MissingSignedHeader, decision.ErrorCode);
    }

    [Fact]
    public async Task App_without_an_authorization_for_the_route_is_not_authorized()
    {
        var world = await CreateAsync(grant: false);
        await world.GrantAsync("auth-x", AppId, ApiId, Stage, [new RouteGrant("GET", "/other/*")]);
        await world.GrantAsync("auth-y", AppId, "another-api", "*", [new RouteGrant("*", "/*")]);
        await world.GrantAsync("auth-z", AppId, ApiId, "Test", [new RouteGrant("*", "/*")]);

        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", "APPCODE " + AppCode)]));

        Assert.Equal(ErrorCodes.NotAuthorized, decision.ErrorCode);
        Assert.Equal([Request("GET", Url).Target.Arn], decision.Resources);
    }

    [Fact]
    public async Task Expired_authorization_is_ignored()
    {
        var world = await CreateAsync(grant: false);
        await world.GrantAsync("auth-old", AppId, ApiId, Stage, [new RouteGrant("*", "/*")], expiresAt: VectorTime.AddSeconds(-1));

        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", "APPCODE " + AppCode)]));

        Assert.Equal(ErrorCodes.NotAuthorized, decision.ErrorCode);
    }

    [Theory]
    [InlineData(ErrorCodes.TokenExpired)]
    [InlineData(ErrorCodes.InvalidToken)]
    public async Task Token_validator_failures_pass_through(string code)
    {
        var tokens = new FakeTokenValidator().With("tok", TokenValidationResult.Failure(code, "Token refused."));
        var world = await CreateAsync(tokens);

        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("X-Auth-Token", "tok")]));

        Assert.Equal(code, decision.ErrorCode);
        Assert.DoesNotContain("tok", decision.ErrorMessage!.Replace("Token", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoked_token_is_refused()
    {
        var tokens = new FakeTokenValidator().With("tok", TokenValidationResult.Success(AppId, "jti-9", VectorTime.AddHours(1)));
        var world = await CreateAsync(tokens);
        await world.Store.RevokeTokenAsync("jti-9", VectorTime.AddHours(1));

        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", "Bearer tok")]));

        Assert.Equal(ErrorCodes.TokenRevoked, decision.ErrorCode);
    }

    [Fact]
    public async Task Token_of_a_deleted_app_is_unknown_app()
    {
        var tokens = new FakeTokenValidator().With("tok", TokenValidationResult.Success("gone", "jti-1", VectorTime.AddHours(1)));
        var world = await CreateAsync(tokens);

        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", "Bearer tok")]));

        Assert.Equal(ErrorCodes.UnknownApp, decision.ErrorCode);
    }

    internal static List<KeyValuePair<string, string>> HeadersOf(Requests.AuthRequest request) =>
        request.Headers.Names.SelectMany(n => request.Headers.GetAll(n).Select(v => H(n, v))).ToList();
}
