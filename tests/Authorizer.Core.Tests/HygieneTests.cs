using Authorizer.Core.Decisions;
using Authorizer.Core.Signing;
using static Authorizer.Core.Tests.Support.TestWorld;

namespace Authorizer.Core.Tests;

/// <summary>docs/authentication.md §6: malformed or oversized requests get Deny bad_request, never a crash.</summary>
public sealed class HygieneTests
{
    private const string Url = "http://api.example.com/echo/a";

    public static TheoryData<string, string[]> BadRequests => new()
    {
        { "content-length-and-transfer-encoding", ["Content-Length", "5", "Transfer-Encoding", "chunked"] },
        { "space-in-header-name", ["X Bad", "1"] },
        { "control-in-header-name", ["X-Bad\u0001", "1"] },
        { "two-hosts", ["Host", "a.example.com", "Host", "b.example.com"] },
        { "joined-hosts", ["Host", "a.example.com,b.example.com"] },
        { "space-in-host", ["Host", "a.example.com evil"] },
        { "control-in-host", ["Host", "a.example.com\r\n"] },
        { "huge-header-value", ["X-Big", new string('x', 8 * 1024 + 1)] },
        { "huge-multibyte-header-value", ["X-Big", new string('é', 4 * 1024 + 1)] },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_shapes_are_denied_as_bad_request(string name, string[] pairs)
    {
        var world = await CreateAsync();
        var headers = pairs.Chunk(2).Select(p => H(p[0], p[1])).Append(H("Authorization", "APPCODE " + AppCode)).ToList();

        var decision = await world.AuthorizeAsync(Request("GET", Url, headers));

        Assert.True(decision.Outcome == DecisionOutcome.Deny, name);
        Assert.Equal(ErrorCodes.BadRequest, decision.ErrorCode);
    }

    [Fact]
    public async Task Header_value_of_exactly_eight_kib_is_accepted()
    {
        var world = await CreateAsync();

        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("X-Big", new string('x', 8 * 1024)), H("Authorization", "APPCODE " + AppCode)]));

        Assert.Equal(DecisionOutcome.Allow, decision.Outcome);
    }

    [Fact]
    public async Task Connect_is_denied()
    {
        var world = await CreateAsync();

        var decision = await world.AuthorizeAsync(Request("CONNECT", Url, [H("Authorization", "APPCODE " + AppCode)]));

        Assert.Equal(ErrorCodes.BadRequest, decision.ErrorCode);
    }

    [Fact]
    public async Task More_than_200_query_parameters_are_denied()
    {
        var world = await CreateAsync();
        var query = Enumerable.Range(0, 201).Select(i => H("p" + i, "v")).ToList();

        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", "APPCODE " + AppCode)], query));

        Assert.Equal(ErrorCodes.BadRequest, decision.ErrorCode);
    }

    [Fact]
    public async Task Two_hundred_query_parameters_are_accepted()
    {
        var world = await CreateAsync();
        var query = Enumerable.Range(0, 200).Select(i => H("p" + i, "v")).ToList();

        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", "APPCODE " + AppCode)], query));

        Assert.Equal(DecisionOutcome.Allow, decision.Outcome);
    }

    [Theory]
    [InlineData("ca")]
    [InlineData("sdk")]
    public async Task More_than_100_signed_headers_are_denied(string scheme)
    {
        var world = await CreateAsync();
        var extra = Enumerable.Range(0, 100).Select(i => H("X-H" + i, "v")).ToList();
        var credentials = scheme == "ca"
            ? SigningCredentials.ForSignatureCa(AppKey, AppSecret)
            : SigningCredentials.ForSignatureSdk(AppKey, AppSecret);
        var request = world.Signed(
            credentials,
            "GET",
            Url,
            extra,
            new SigningOptions { AdditionalSignedHeaders = extra.Select(h => h.Key).ToList() });

        var decision = await world.AuthorizeAsync(request);

        Assert.Equal(ErrorCodes.BadRequest, decision.ErrorCode);
    }

    [Fact]
    public async Task Oversized_token_event_value_is_denied()
    {
        var world = await CreateAsync();

        var decision = await world.AuthorizeAsync(TokenEvent("Bearer " + new string('t', 9000)));

        Assert.Equal(ErrorCodes.BadRequest, decision.ErrorCode);
    }
}
